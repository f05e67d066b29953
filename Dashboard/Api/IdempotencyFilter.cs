using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Dashboard.Core.Api;

namespace Dashboard.Api;

/// <summary>
/// <c>Idempotency-Key</c> on the API's POST and PUT requests: the first request with a key runs and its response is
/// kept for 24 hours; the same request again gets that response replayed (header <c>Idempotent-Replayed: true</c>),
/// another request with the key 422, and a retry while the first still runs 409.
/// </summary>
public sealed class IdempotencyFilter(IdempotencyStore store) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0)
            return await next(context);
        if (key.Length > ApiLimits.IdempotencyKey)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [Header] = [$"An {Header} has at most {ApiLimits.IdempotencyKey} characters."] },
                detail: $"An {Header} has at most {ApiLimits.IdempotencyKey} characters.", title: "Bad idempotency key");

        var claim = await store.ClaimAsync(CallerOf(http.User), key, await HashOfAsync(http.Request), http.RequestAborted);
        switch (claim)
        {
            case IdempotencyClaim.Replay replay:
                http.Response.Headers[ReplayedHeader] = "true";
                return new SavedResponse(replay.StatusCode, replay.ContentType, replay.Body);
            case IdempotencyClaim.Mismatch:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused",
                    detail: $"This {Header} was used for a different request.");
            case IdempotencyClaim.StillRunning:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Request still running",
                    detail: $"The first request with this {Header} has not finished yet; retry later.");
        }

        var recordId = ((IdempotencyClaim.Claimed)claim).RecordId;
        try
        {
            var result = await next(context);
            var (status, contentType, body) = await RenderAsync(http, result);
            // "Try again later" (503, 429) must stay retryable under the same key: only final answers are kept.
            if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests or >= 500)
                await store.ReleaseAsync(recordId);
            else
                await store.CompleteAsync(recordId, status, contentType, body);
            return new SavedResponse(status, contentType, body);
        }
        catch
        {
            await store.ReleaseAsync(recordId);
            throw;
        }
    }

    /// <summary>Runs the endpoint's result into memory, so that exactly those bytes are both sent and kept.</summary>
    private static async Task<(int Status, string? ContentType, byte[] Body)> RenderAsync(HttpContext http, object? result)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            if (result is IResult executable)
                await executable.ExecuteAsync(http);
            else if (result is not null)
                await http.Response.WriteAsJsonAsync(result);
        }
        finally
        {
            http.Response.Body = original;
        }

        return (http.Response.StatusCode, http.Response.ContentType, buffer.ToArray());
    }

    private static string CallerOf(ClaimsPrincipal user) =>
        user.FindFirstValue(ApiScopes.TokenIdClaim) is { } token ? "token:" + token : "user:" + user.FindFirstValue(ClaimTypes.NameIdentifier);

    private static async Task<string> HashOfAsync(HttpRequest request)
    {
        // The body was buffered on the way in (see ApiEndpoints), so it can be read again after binding.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        if (request.Body.CanSeek)
        {
            request.Body.Position = 0;
            using var copy = new MemoryStream();
            await request.Body.CopyToAsync(copy);
            hash.AppendData(copy.ToArray());
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>A response already rendered to bytes: sent now, or replayed from the idempotency record.</summary>
internal sealed class SavedResponse(int status, string? contentType, byte[] body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = status;
        httpContext.Response.ContentType = contentType;
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body).AsTask();
    }
}
