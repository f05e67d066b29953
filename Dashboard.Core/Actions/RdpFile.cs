namespace Dashboard.Core.Actions;

/// <summary>The content of a Remote Desktop (.rdp) file that Windows, macOS and most RDP clients open.</summary>
public static class RdpFile
{
    public const int Port = 3389;
    public const string ContentType = "application/x-rdp";

    /// <summary>
    /// Asks for the password on connect (none is stored in the file) and uses Network Level Authentication.
    /// RDP clients expect CRLF line ends.
    /// </summary>
    public static string For(string host, string user) => string.Join("\r\n",
        $"full address:s:{host}:{Port}",
        $"username:s:{user}",
        "prompt for credentials:i:1",
        "promptcredentialonce:i:1",
        "authentication level:i:2",
        "enablecredsspsupport:i:1",
        "screen mode id:i:2",
        "use multimon:i:0",
        "redirectclipboard:i:1",
        "audiomode:i:0",
        "");
}
