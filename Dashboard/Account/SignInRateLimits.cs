using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.RateLimiting;

namespace Dashboard.Account;

/// <summary>Section <c>RateLimits</c>: sign-in and sign-up attempts one network address may make per minute.</summary>
public sealed class SignInRateLimitOptions
{
    public const string Section = "RateLimits";

    public int SignInPerMinute { get; set; } = 20;
}

/// <summary>
/// Caps password guessing and account creation per client address, on top of the per-account lockout (which a
/// guesser spreading over many accounts never trips). Showing a form is free; submitting one, or a round trip to the
/// identity provider, counts.
/// </summary>
public static class SignInRateLimits
{
    public const string Policy = "sign-in";
    public const string Message = "Too many sign-in attempts from your network address. Wait a minute and try again.";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddOptions<SignInRateLimitOptions>().BindConfiguration(SignInRateLimitOptions.Section)
            .Validate(o => o.SignInPerMinute > 0, "RateLimits:SignInPerMinute must be more than zero.")
            .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, context =>
            {
                var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                // Partitions are kept by key: the free one must never share its key with the limited one.
                if (IsShowingAForm(context))
                    return RateLimitPartition.GetNoLimiter("free");
                var limit = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.SignInPerMinute,
                    Window = Window,
                    QueueLimit = 0,
                });
            });
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(Message, cancellationToken);
            };
        });
        return services;
    }

    private static bool IsShowingAForm(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
}
