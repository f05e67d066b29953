using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Dashboard.Core.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Dashboard.Api;

/// <summary>Section <c>Api:RateLimit</c>: requests one token (or account) may make per window.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";

    public int PermitLimit { get; set; } = 120;
    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// One fixed window per token (per account for identity-provider tokens): a runaway script slows only itself.
/// Beyond it, 429 with <c>Retry-After</c> as a ProblemDetails.
/// </summary>
public static class ApiRateLimits
{
    public const string Policy = "api";

    public static IServiceCollection AddApiRateLimits(this IServiceCollection services)
    {
        services.AddOptions<ApiRateLimitOptions>().BindConfiguration(ApiRateLimitOptions.Section)
            .Validate(o => o.PermitLimit > 0 && o.WindowSeconds > 0, "Api:RateLimit:PermitLimit and WindowSeconds must be more than zero.")
            .ValidateOnStart();
        services.AddRateLimiter(o => o.AddPolicy(Policy, context =>
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
            var time = context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            // Not GetFixedWindowLimiter: its refusals always say "a whole window", not the seconds left.
            return RateLimitPartition.Get(PartitionOf(context),
                _ => new FixedWindowWithResetLimiter(limit.PermitLimit, TimeSpan.FromSeconds(limit.WindowSeconds), time));
        }));
        // The sign-in limiter answers in plain text; API callers get a ProblemDetails instead.
        services.PostConfigure<RateLimiterOptions>(o =>
        {
            var others = o.OnRejected;
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var http = rejected.HttpContext;
                if (!http.Request.Path.StartsWithSegments(ApiEndpoints.Prefix))
                {
                    if (others is not null)
                        await others(rejected, cancellationToken);
                    return;
                }

                var window = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.WindowSeconds;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : window;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await ApiProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This token made too many requests. Try again in {retryAfter} seconds.");
            };
        });
        return services;
    }

    private static string PartitionOf(HttpContext context)
    {
        var user = context.User;
        if (user.FindFirstValue(ApiScopes.TokenIdClaim) is { } token)
            return "token:" + token;
        return user.FindFirstValue(ClaimTypes.NameIdentifier) is { } account
            ? "user:" + account
            : "address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
