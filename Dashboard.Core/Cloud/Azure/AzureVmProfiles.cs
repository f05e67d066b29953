using Azure.ResourceManager.Compute.Models;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>The OS profile of a new VM: SSH key only for Linux, an admin password and a short computer name for Windows.</summary>
internal static class AzureVmProfiles
{
    /// <summary>Windows images say so in their name (MicrosoftWindowsServer, MicrosoftWindowsDesktop, ...), as Connect assumes.</summary>
    public static bool IsWindows(string image) => image.Contains("windows", StringComparison.OrdinalIgnoreCase);

    public static VirtualMachineOSProfile Linux(string vmName, string adminUserName, string sshPublicKey) => new()
    {
        ComputerName = vmName,
        AdminUsername = adminUserName,
        LinuxConfiguration = new LinuxConfiguration
        {
            IsPasswordAuthenticationDisabled = true,
            SshPublicKeys = { new SshPublicKeyConfiguration { Path = $"/home/{adminUserName}/.ssh/authorized_keys", KeyData = sshPublicKey } },
        },
    };

    public static VirtualMachineOSProfile Windows(string vmName, string adminUserName, string adminPassword) => new()
    {
        ComputerName = WindowsComputerName.From(vmName),
        AdminUsername = adminUserName,
        AdminPassword = adminPassword,
        WindowsConfiguration = new WindowsConfiguration { ProvisionVmAgent = true, IsAutomaticUpdatesEnabled = true },
    };
}
