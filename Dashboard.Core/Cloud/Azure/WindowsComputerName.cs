using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Core.Cloud.Azure;

/// <summary>
/// A computer name Windows accepts for a VM name: at most 15 characters, letters, digits and hyphens, not all digits.
/// The same VM name always gives the same computer name; a name that had to be shortened or cleaned ends with a
/// short hash of the whole VM name, so "lab-target-01" and "lab-target-02" stay apart.
/// </summary>
public static class WindowsComputerName
{
    public const int MaxLength = 15;
    private const int HashLength = 4;

    public static string From(string vmName)
    {
        var cleaned = new string(vmName.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).Trim('-');
        if (cleaned == vmName && cleaned.Length <= MaxLength && !cleaned.All(char.IsAsciiDigit))
            return cleaned;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(vmName)))[..HashLength].ToLowerInvariant();
        var head = cleaned[..Math.Min(cleaned.Length, MaxLength - HashLength - 1)].TrimEnd('-');
        // The hyphen keeps it from being all digits; a name with nothing usable keeps only a letter and the hash.
        return head.Length == 0 ? $"w-{hash}" : $"{head}-{hash}";
    }
}
