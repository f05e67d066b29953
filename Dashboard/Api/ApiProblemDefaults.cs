using System.Text.Json;
using System.Text.RegularExpressions;
using Dashboard.Core.Cloud.Pacing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Api;

/// <summary>
/// Makes every <c>/api/v1</c> error the full ProblemDetails docs/api.md promises (type, title, status, detail),
/// including the ones no endpoint writes: unknown paths, wrong methods, and requests the binder refused.
/// </summary>
public static partial class ApiProblemDefaults
{
    public static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments(ApiEndpoints.Prefix);

    /// <summary>Fills what the writer of a problem left out; runs for every ProblemDetails the app writes.</summary>
    public static void Complete(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        if (!IsApi(http))
            return;
        var problem = context.ProblemDetails;
        problem.Status ??= http.Response.StatusCode;
        problem.Type ??= TypeOf(problem.Status.Value);
        problem.Title ??= ReasonPhrases(problem.Status.Value);
        problem.Detail ??= problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid
            ? string.Join(" ", invalid.Errors.SelectMany(e => e.Value))
            : DetailOf(http, problem.Status.Value);
        // docs/api.md promises `errors` on every 400; a 400 written without them lists its detail under "request".
        if (problem.Status == StatusCodes.Status400BadRequest && problem is not HttpValidationProblemDetails && !problem.Extensions.ContainsKey("errors"))
            problem.Extensions["errors"] = new Dictionary<string, string[]> { ["request"] = [problem.Detail] };
        if (problem.Status == StatusCodes.Status503ServiceUnavailable && http.Response.Headers.RetryAfter.Count == 0
            && http.RequestServices.GetService<CloudRequestPacer>()?.PausedFor() is { } paused && paused > TimeSpan.Zero)
        {
            // The cloud throttled us and said for how long: that is when a retry can work.
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(paused.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        StatusCodes.Status422UnprocessableEntity => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        _ => "about:blank",
    };

    private static string ReasonPhrases(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    private static string DetailOf(HttpContext http, int status)
    {
        var request = $"{http.Request.Method} {http.Request.Path}";
        return status switch
        {
            // No endpoint matched: an unknown path, or a route value its constraint refused (a machine id that is no GUID).
            StatusCodes.Status404NotFound => $"Nothing answers {request}: no such path, or an id that is not a GUID. The endpoints are listed at {ApiEndpoints.DocumentPath}.",
            StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed on {http.Request.Path}"
                + (http.Response.Headers.Allow.ToString() is { Length: > 0 } allow ? $"; it takes {allow}." : "."),
            StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
            StatusCodes.Status400BadRequest => "The request is malformed.",
            _ => $"{request} answered {status}.",
        };
    }

    /// <summary>
    /// A request the binder refused (malformed JSON, a bad value, a missing body, the wrong content type): on the API a
    /// ProblemDetails naming the field; elsewhere the bare status, as before.
    /// </summary>
    public sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            if (exception is not BadHttpRequestException bad)
                return false;
            httpContext.Response.StatusCode = bad.StatusCode;
            if (!IsApi(httpContext))
                return true;
            var field = FieldOf(bad);
            var detail = bad.InnerException is JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
            var problem = bad.StatusCode == StatusCodes.Status400BadRequest
                ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] }) { Title = "One or more validation errors occurred." }
                : new ProblemDetails { Title = ReasonPhrases(bad.StatusCode) };
            problem.Status = bad.StatusCode;
            problem.Detail = detail;
            return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
        }

        /// <summary>The JSON path of a malformed body ("$.rules[0].start"), else the parameter the message names.</summary>
        private static string FieldOf(BadHttpRequestException bad)
        {
            if (bad.InnerException is JsonException { Path: { Length: > 0 } path })
                return path;
            var named = ParameterName().Match(bad.Message);
            return named.Success ? named.Groups["name"].Value : "request";
        }

        // The binder's messages say: parameter "int? take" / "StopChange change".
        [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"")]
        private static partial Regex ParameterName();
    }
}
