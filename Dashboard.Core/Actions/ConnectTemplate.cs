using System.Text.RegularExpressions;

namespace Dashboard.Core.Actions;

/// <summary>A browser URL template such as "https://{proxy}.{suffix}/{machine}/yarn/".</summary>
public static partial class ConnectTemplate
{
    public const string Machine = "machine";
    public const string Proxy = "proxy";
    public const string Session = "session";
    public const string Suffix = "suffix";
    public const string User = "user";

    public static IReadOnlyList<string> Placeholders { get; } = [Machine, Proxy, Session, Suffix, User];

    /// <summary>What is wrong with a template, in words; empty when it is fine.</summary>
    public static IReadOnlyList<string> Problems(string template)
    {
        var problems = Placeholder().Matches(template)
            .Select(m => m.Groups[1].Value)
            .Where(name => !Placeholders.Contains(name, StringComparer.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Select(name => $"unknown placeholder {{{name}}} (use {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))})")
            .ToList();
        if (Placeholder().Replace(template, "").IndexOfAny(['{', '}']) >= 0)
            problems.Add("a brace without its pair");
        if (problems.Count == 0 && !IsWebAddress(Expand(template, Placeholders.ToDictionary(p => p, p => "sample"))))
            problems.Add("it does not make an absolute http or https address");
        return problems;
    }

    public static bool Uses(string template, string placeholder) =>
        template.Contains($"{{{placeholder}}}", StringComparison.Ordinal);

    /// <summary>Fills in the placeholders; values are escaped so a name can never change the address's shape.</summary>
    public static string Expand(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => Uri.EscapeDataString(values[m.Groups[1].Value]));

    private static bool IsWebAddress(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Placeholder();
}
