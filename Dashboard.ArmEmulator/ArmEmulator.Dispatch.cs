using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Dashboard.ArmEmulator;

// Request pipeline: count, authenticate, throttle, require api-version, apply injected faults, route.
public sealed partial class ArmEmulator
{
    private readonly ArmRoute[] _routes;
    private readonly List<ActiveFault> _faults = [];
    private int _total, _list, _read, _write, _polls, _delete, _throttled;

    /// <summary>Maps every ARM route of the emulator; unknown paths and methods get ARM's 404 body.</summary>
    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.Map("/{**path}", async context => await (await ProcessAsync(context)).WriteAsync(context.Response));
    }

    public RequestCounts Counts => new(
        Volatile.Read(ref _total), Volatile.Read(ref _list), Volatile.Read(ref _read),
        Volatile.Read(ref _write), Volatile.Read(ref _polls), Volatile.Read(ref _delete), Volatile.Read(ref _throttled));

    public void ResetCounts()
    {
        Interlocked.Exchange(ref _total, 0);
        Interlocked.Exchange(ref _list, 0);
        Interlocked.Exchange(ref _read, 0);
        Interlocked.Exchange(ref _write, 0);
        Interlocked.Exchange(ref _polls, 0);
        Interlocked.Exchange(ref _delete, 0);
        Interlocked.Exchange(ref _throttled, 0);
    }

    public void InjectFault(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentOutOfRangeException.ThrowIfLessThan(rule.Times, 1);
        lock (_gate)
            _faults.Add(new ActiveFault(rule));
    }

    private async Task<ArmResponse> ProcessAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        ArmRoute? route = null;
        var values = new Dictionary<string, string>();
        foreach (var candidate in _routes)
        {
            if (candidate.TryMatch(request.Method, segments, out values))
            {
                route = candidate;
                break;
            }
        }
        Count(route?.Kind ?? RequestKind.Other, request.Method);

        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization[7..].Trim().Length == 0)
            return ArmResponse.Error(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
        if (_throttle?.Admit(request.Method) is not { } verdict)
            return await RouteAsync(context, route, values);
        return verdict.Admitted ? Reporting(await RouteAsync(context, route, values), verdict) : Throttled(verdict);
    }

    private async Task<ArmResponse> RouteAsync(HttpContext context, ArmRoute? route, Dictionary<string, string> values)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (string.IsNullOrEmpty(request.Query["api-version"]))
            return ArmResponse.Error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");

        var fault = TakeFault(request.Method, path + request.QueryString, route?.Kind == RequestKind.Write);
        if (fault is { AsyncFailure: false })
            return FaultResponse(fault);
        if (route is null)
            return ArmResponse.Error(404, "NotFound", $"The ARM emulator has no route for '{request.Method} {path}'.");
        if (values.TryGetValue("sub", out var subscription) && !subscription.Equals(Subscription, StringComparison.OrdinalIgnoreCase))
            return ArmResponse.Error(404, "SubscriptionNotFound", $"The subscription '{subscription}' could not be found.");

        JsonNode? body = null;
        if (HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        {
            try
            {
                body = await JsonNode.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
            }
            if (body is not JsonObject)
                return ArmResponse.Error(400, "InvalidRequestContent", "The request content was not a valid JSON object.");
        }
        var armRequest = new ArmRequest(request, values, body, fault);
        lock (_gate)
            return route.Handler(armRequest);
    }

    private void Count(RequestKind kind, string method)
    {
        Interlocked.Increment(ref _total);
        if (kind == RequestKind.Write && HttpMethods.IsDelete(method))
            Interlocked.Increment(ref _delete);
        switch (kind)
        {
            case RequestKind.List: Interlocked.Increment(ref _list); break;
            case RequestKind.Read: Interlocked.Increment(ref _read); break;
            case RequestKind.Write: Interlocked.Increment(ref _write); break;
            case RequestKind.OperationPoll: Interlocked.Increment(ref _polls); break;
        }
    }

    // Async failures only make sense for requests that start an operation, so reads never consume them.
    private FaultRule? TakeFault(string method, string pathAndQuery, bool isWrite)
    {
        lock (_gate)
        {
            var match = _faults.FirstOrDefault(f =>
                (f.Rule.Method == "*" || f.Rule.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                && pathAndQuery.Contains(f.Rule.PathContains, StringComparison.OrdinalIgnoreCase)
                && (!f.Rule.AsyncFailure || isWrite));
            if (match is null)
                return null;
            if (--match.Remaining == 0)
                _faults.Remove(match);
            return match.Rule;
        }
    }

    private static ArmResponse FaultResponse(FaultRule fault)
    {
        var headers = fault.RetryAfter is { } delay
            ? new Dictionary<string, string> { ["Retry-After"] = ArmResponse.RetryAfterSeconds(delay) }
            : null;
        return ArmResponse.Error(fault.Status, fault.Code, fault.Message, headers);
    }

    private sealed class ActiveFault(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public int Remaining { get; set; } = rule.Times;
    }
}
