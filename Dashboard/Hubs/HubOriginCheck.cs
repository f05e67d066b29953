namespace Dashboard.Hubs;

/// <summary>
/// Refuses a hub request that a web page of another site makes (its <c>Origin</c> names another host): a browser
/// sends the sign-in cookie along, so without this any page a signed-in person visits could watch what they may see.
/// Tools that send no Origin (the .NET client, scripts with a token) are not affected; <c>Hub:AllowedOrigins</c>
/// names more sites that may (e.g. an operator's own page on another host).
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.Path.StartsWithSegments(SessionsHub.Path) && context.Request.Headers.Origin is [{ } origin]
            && !IsAllowed(origin, context))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync("The hub answers only pages of this dashboard (see Hub:AllowedOrigins).");
            return;
        }

        await next(context);
    });

    private static bool IsAllowed(string origin, HttpContext context)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from))
            return false;
        if (string.Equals(from.Authority, context.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            return true;
        var allowed = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<HubFanOutOptions>>().Value.AllowedOrigins;
        return allowed.Any(a => Uri.TryCreate(a, UriKind.Absolute, out var ok)
            && string.Equals(ok.Scheme, from.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(ok.Authority, from.Authority, StringComparison.OrdinalIgnoreCase));
    }
}
