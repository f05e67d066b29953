namespace Dashboard.Core.Cloud.Azure;

/// <summary>What creating a Linux machine needs: an OpenSSH public key (password sign-in stays off).</summary>
public static class LinuxProfile
{
    private static readonly string[] KeyTypes = ["ssh-", "ecdsa-", "sk-"];

    /// <summary>Why the key cannot be installed, naming the setting; null when it is usable.</summary>
    public static string? KeyProblem(string key) =>
        string.IsNullOrWhiteSpace(key) ? "Azure:SshPublicKey is required to create Linux machines: set an OpenSSH public key (ssh-ed25519 ...)."
        : !KeyTypes.Any(t => key.StartsWith(t, StringComparison.Ordinal)) || key.Trim().Split(' ').Length < 2
            ? "Azure:SshPublicKey must be an OpenSSH public key (ssh-rsa/ssh-ed25519 ...)."
            : null;
}
