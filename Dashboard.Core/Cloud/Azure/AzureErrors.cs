using Azure;
using Azure.Identity;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>Turns ARM failures into sentences a person can act on.</summary>
internal static class AzureErrors
{
    private static readonly string[] CapacityCodes =
        ["SkuNotAvailable", "AllocationFailed", "ZonalAllocationFailed", "OverconstrainedAllocationRequest", "OverconstrainedZonalAllocationRequest"];

    public static CloudOperationException Translate(RequestFailedException ex, string operation, string machine)
    {
        var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"Http{ex.Status}" : ex.ErrorCode;
        var detail = FirstLine(ex.Message);
        if (CapacityCodes.Contains(code, StringComparer.OrdinalIgnoreCase))
            return new(code, NoCapacity(machine, code), ex);
        return ex.Status switch
        {
            // OperationNotAllowed is a refusal in the VM's present state (a disk swap while running), not a conflict.
            409 when !code.Equals("OperationNotAllowed", StringComparison.OrdinalIgnoreCase) =>
                new(code, $"Azure refused to {operation} {machine} because another operation conflicts with it ({code}): {detail}", ex),
            429 => new(code, $"Azure is throttling requests; {operation} {machine} was not done. Try again in a minute.", ex),
            404 => new(code, $"{machine} no longer exists in Azure.", ex),
            401 or 403 => new(code, $"The dashboard is not allowed to {operation} {machine} ({code}). Check the identity's role on the resource group.", ex),
            >= 500 or 0 => new(code, $"Azure could not {operation} {machine} right now ({code}). Try again later.", ex),
            _ => new(code, $"Azure refused to {operation} {machine} ({code}): {detail}", ex),
        };
    }

    /// <summary>What a VM's failed provisioning state says, as a sentence (capacity failures in the same words as above).</summary>
    public static string ProvisioningFailed(string machine, string? code, string? message)
    {
        if (code is not null && CapacityCodes.Contains(code, StringComparer.OrdinalIgnoreCase))
            return NoCapacity(machine, code);
        var detail = string.IsNullOrWhiteSpace(message) ? "" : $": {FirstLine(message)}";
        return $"Azure reports that provisioning {machine} failed{(code is null ? "" : $" ({code})")}{detail}";
    }

    private static string NoCapacity(string machine, string code) =>
        $"Azure has no capacity for {machine} right now ({code}). Spot capacity comes and goes: try again later or choose another size.";

    /// <summary>The refusal to create over a VM someone else made.</summary>
    public static string ForeignVm(string machine, string resourceGroup) =>
        $"A VM named {machine} already exists in resource group {resourceGroup}; the dashboard did not create it and will not replace it.";

    /// <summary>Compute's answer to creating an OS disk over an existing disk of the same name.</summary>
    public static bool IsExistingDisk(RequestFailedException ex) =>
        ex.Status is 409 or 400 && ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        && ex.Message.Contains("Attach", StringComparison.OrdinalIgnoreCase);

    public static CloudOperationException SignInFailed(AuthenticationFailedException ex) =>
        new("AuthenticationFailed", $"The dashboard could not sign in to Azure: {FirstLine(ex.Message)} Check its managed identity or credentials.", ex);

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
