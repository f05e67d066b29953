namespace Dashboard.Core.Cloud;

/// <summary>A cloud refused or failed an operation; <see cref="Exception.Message"/> is fit to show a person.</summary>
public sealed class CloudOperationException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The cloud's own error code (e.g. Conflict, SkuNotAvailable, OperationNotAllowed).</summary>
    public string Code { get; } = code;
}
