using Azure.Core;
using Azure.Core.Pipeline;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// Makes the PUTs sent inside <see cref="Scope"/> create-only (If-None-Match: *): ARM then refuses with 412 instead
/// of updating a resource of that name, so a VM or NIC someone made between two listings is never overwritten.
/// </summary>
internal sealed class CreateOnlyPolicy : HttpPipelineSynchronousPolicy
{
    private const string Property = "dashboard-create-only";

    public static IDisposable Scope() => HttpPipeline.CreateHttpMessagePropertiesScope(new Dictionary<string, object?> { [Property] = true });

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Method == RequestMethod.Put && message.TryGetProperty(Property, out var on) && on is true)
            message.Request.Headers.SetValue("If-None-Match", "*");
    }
}
