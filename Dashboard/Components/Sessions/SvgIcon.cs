using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Sessions;

/// <summary>
/// A MudBlazor icon string (SVG inner markup) as one plain, cached <c>&lt;svg&gt;</c>: no component, one render frame,
/// and no invisible shapes or empty groups, so a grid row with many icons stays a handful of DOM nodes.
/// </summary>
public static partial class SvgIcon
{
    private static readonly ConcurrentDictionary<string, MarkupString> Cache = new(StringComparer.Ordinal);

    public static MarkupString Of(string icon) => Cache.GetOrAdd(icon, static inner =>
        new MarkupString($"<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{Slim(inner)}</svg>"));

    /// <summary>Drops the transparent 24×24 filler (our view box already sets the size) and unwraps groups without attributes.</summary>
    public static string Slim(string inner)
    {
        var slim = Filler().Replace(inner, "");
        for (var unwrapped = BareGroup().Replace(slim, "$1"); unwrapped != slim; unwrapped = BareGroup().Replace(slim, "$1"))
            slim = unwrapped;
        return slim;
    }

    [GeneratedRegex("<(path|rect)[^>]*fill=\"none\"[^>]*/>")]
    private static partial Regex Filler();

    // An attribute-less <g> around markup with no other group inside: it changes nothing, so only its content stays.
    [GeneratedRegex("<g>((?:(?!<g[\\s>/]|</g>).)*)</g>", RegexOptions.Singleline)]
    private static partial Regex BareGroup();
}
