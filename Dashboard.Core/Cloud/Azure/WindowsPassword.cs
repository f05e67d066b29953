namespace Dashboard.Core.Cloud.Azure;

/// <summary>Azure's rules for a Windows VM's admin password, checked before a request Azure would refuse.</summary>
public static class WindowsPassword
{
    public const int MinLength = 12;
    public const int MaxLength = 123;

    // Azure refuses these outright, whatever their complexity.
    private static readonly string[] Refused =
        ["abc@123", "P@$$w0rd", "P@ssw0rd", "P@ssword123", "Pa$$word", "pass@word1", "Password!", "Password1", "Password22", "iloveyou!"];

    /// <summary>Why Azure would refuse the password, naming the setting; null when it is acceptable.</summary>
    public static string? Problem(string password, string adminUserName)
    {
        const string setting = "Azure:WindowsAdminPassword";
        if (string.IsNullOrEmpty(password))
            return $"{setting} is required to create Windows machines.";
        if (password.Length is < MinLength or > MaxLength)
            return $"{setting} must be {MinLength} to {MaxLength} characters long.";
        if (password.Any(char.IsControl))
            return $"{setting} must not contain control characters.";
        var classes = new[] { password.Any(char.IsLower), password.Any(char.IsUpper), password.Any(char.IsDigit), password.Any(c => !char.IsLetterOrDigit(c)) };
        if (classes.Count(c => c) < 3)
            return $"{setting} needs three of: a lower-case letter, an upper-case letter, a digit, a special character.";
        if (Refused.Contains(password, StringComparer.Ordinal))
            return $"{setting} is a password Azure refuses as too common.";
        if (adminUserName.Length > 2 && password.Contains(adminUserName, StringComparison.OrdinalIgnoreCase))
            return $"{setting} must not contain the admin user name (Azure:AdminUserName).";
        return null;
    }
}
