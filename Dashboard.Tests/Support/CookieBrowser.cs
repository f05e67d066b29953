using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;

namespace Dashboard.Tests.Support;

/// <summary>
/// What a browser does for a sign-in round trip, without the browser: keeps each site's cookies, follows redirects
/// from the in-process dashboard to a real provider on a loopback port and back, and submits forms with their
/// antiforgery field. Secure cookies are sent over plain http, as browsers do for loopback addresses.
/// </summary>
public sealed partial class CookieBrowser(TestServer dashboard) : IDisposable
{
    private readonly HttpMessageInvoker _dashboard = new(dashboard.CreateHandler());
    private readonly HttpMessageInvoker _network = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly Dictionary<string, Dictionary<string, string>> _jar = [];

    public Uri Dashboard { get; } = dashboard.BaseAddress;

    /// <summary>GETs a dashboard path and follows every redirect; returns the last answer and where it came from.</summary>
    public Task<(HttpResponseMessage Response, Uri Url)> OpenAsync(string path) =>
        FollowAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(Dashboard, path)));

    /// <summary>Loads the form on a dashboard page and submits it with the given fields (plus its hidden ones).</summary>
    public async Task<(HttpResponseMessage Response, Uri Url)> SubmitFormAsync(string path, IDictionary<string, string> fields)
    {
        var (page, url) = await OpenAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var form = HiddenField().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
            form[name] = value;
        return await FollowAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) });
    }

    /// <summary>
    /// Signs out as the app bar's form does, with an antiforgery token issued to this sign-in (taken from a page that
    /// renders on the server, since the app bar renders in the circuit).
    /// </summary>
    public async Task<(HttpResponseMessage Response, Uri Url)> SignOutAsync()
    {
        var (page, _) = await OpenAsync("/account/login");
        var html = await page.Content.ReadAsStringAsync();
        var token = HiddenField().Matches(html).First(m => m.Groups["name"].Value == "__RequestVerificationToken").Groups["value"].Value;
        return await PostAsync("/account/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) });
    }

    public Task<(HttpResponseMessage Response, Uri Url)> PostAsync(string path, IDictionary<string, string>? fields = null) =>
        FollowAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(Dashboard, path)) { Content = new FormUrlEncodedContent(fields ?? new Dictionary<string, string>()) });

    /// <summary>The value of one of the dashboard's cookies, or null.</summary>
    public string? DashboardCookie(string name) =>
        _jar.TryGetValue(Dashboard.Authority, out var cookies) ? cookies.GetValueOrDefault(name) : null;

    /// <summary>The Cookie header the browser sends to the dashboard.</summary>
    public string DashboardCookieHeader => CookieHeader(Dashboard);

    public void ForgetCookies() => _jar.Clear();

    private async Task<(HttpResponseMessage Response, Uri Url)> FollowAsync(HttpRequestMessage request)
    {
        for (var hop = 0; hop < 12; hop++)
        {
            var url = request.RequestUri!;
            if (CookieHeader(url) is { Length: > 0 } cookies)
                request.Headers.TryAddWithoutValidation("Cookie", cookies);
            var response = await (url.Authority == Dashboard.Authority ? _dashboard : _network).SendAsync(request, CancellationToken.None);
            Keep(url, response);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
                return (response, url);
            request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, location));
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private string CookieHeader(Uri url) =>
        _jar.TryGetValue(url.Authority, out var cookies) ? string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")) : "";

    private void Keep(Uri url, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            return;
        if (!_jar.TryGetValue(url.Authority, out var cookies))
            _jar[url.Authority] = cookies = [];
        foreach (var setCookie in setCookies)
        {
            var parts = setCookie.Split(';', StringSplitOptions.TrimEntries);
            var (name, value) = (parts[0][..parts[0].IndexOf('=')], parts[0][(parts[0].IndexOf('=') + 1)..]);
            var expired = parts.Any(p => p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(p["expires=".Length..], out var at) && at < DateTimeOffset.UtcNow);
            if (expired || value.Length == 0)
                cookies.Remove(name);
            else
                cookies[name] = value;
        }
    }

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"|<input[^>]*name=\"(?<name>[^\"]+)\"[^>]*type=\"hidden\"[^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();

    public void Dispose()
    {
        _dashboard.Dispose();
        _network.Dispose();
    }
}
