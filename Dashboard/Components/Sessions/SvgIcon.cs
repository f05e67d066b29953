using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Sessions;

/// <summary>
/// A MudBlazor icon string (SVG inner markup) as one plain, cached <c>&lt;svg&gt;</c>: no component, one render frame,
/// and no transparent filler shapes, so a grid row with many icons stays a handful of DOM nodes.
/// </summary>
public static partial class SvgIcon
{
    private static readonly ConcurrentDictionary<string, MarkupString> Cache = new(StringComparer.Ordinal);

    public static MarkupString Of(string icon) => Cache.GetOrAdd(icon, static inner =>
        new MarkupString($"<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\">{Filler().Replace(inner, "")}</svg>"));

    // Material icons carry an invisible 24×24 box (fill="none") that only pads the view box, which ours already sets.
    [GeneratedRegex("<(path|rect)[^>]*fill=\"none\"[^>]*/>")]
    private static partial Regex Filler();
}
