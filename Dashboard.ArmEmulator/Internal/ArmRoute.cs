namespace Dashboard.ArmEmulator.Internal;

internal enum RequestKind { Other, List, Read, Write, OperationPoll }

/// <summary>
/// One ARM route: method plus a path template whose literal segments match case-insensitively,
/// as ARM treats resource ids. Own matcher rather than ASP.NET routing so that a wrong method or an
/// unknown path both get ARM's 404 body instead of 405 or an empty 404.
/// </summary>
internal sealed class ArmRoute(string method, string template, RequestKind kind, Func<ArmRequest, ArmResponse> handler)
{
    private readonly string[] _segments = template.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public string Method { get; } = method;
    public RequestKind Kind { get; } = kind;
    public Func<ArmRequest, ArmResponse> Handler { get; } = handler;

    public bool TryMatch(string method, string[] path, out Dictionary<string, string> values)
    {
        values = null!;
        if (!string.Equals(method, Method, StringComparison.OrdinalIgnoreCase) || path.Length != _segments.Length)
            return false;
        for (var i = 0; i < path.Length; i++)
        {
            if (!_segments[i].StartsWith('{') && !string.Equals(_segments[i], path[i], StringComparison.OrdinalIgnoreCase))
                return false;
        }
        values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < path.Length; i++)
        {
            if (_segments[i].StartsWith('{'))
                values[_segments[i][1..^1]] = path[i];
        }
        return true;
    }
}
