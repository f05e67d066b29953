using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.People;

/// <summary>
/// What an attacker's script does with the static pages: GET a page, then POST one of its forms with the page's
/// antiforgery token, keeping cookies (over https, since the sign-in cookie is Secure) and not following redirects.
/// </summary>
internal sealed partial class FormClient : IDisposable
{
    private readonly HttpClient _client;

    public FormClient(DashboardAppFactory app) =>
        _client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost/"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

    public HttpClient Http => _client;

    public Task<string> GetAsync(string path) => _client.GetStringAsync(path);

    /// <summary>Posts form <paramref name="formName"/> of the page at <paramref name="path"/>; returns the answer.</summary>
    public async Task<FormAnswer> PostAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var page = await GetAsync(path);
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"No antiforgery token on {path}: {page}");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        };
        using var response = await _client.PostAsync(path, new FormUrlEncodedContent(form));
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        return new FormAnswer(response.StatusCode, response.Headers.Location, await response.Content.ReadAsStringAsync(), cookies);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

internal sealed partial record FormAnswer(HttpStatusCode Status, Uri? Location, string Html, IReadOnlyList<string> Cookies)
{
    public bool SignedIn => Cookies.Any(c => c.StartsWith("dashboard.auth=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    /// <summary>The page without what differs on every response (antiforgery tokens, Blazor's markers), for comparing answers.</summary>
    public string Comparable(string typedAddress) =>
        Volatile().Replace(Html.Replace(typedAddress, "{address}", StringComparison.Ordinal), "");

    [GeneratedRegex("value=\"[^\"]*\"|<!--Blazor[^>]*-->|<!--bl:[^>]*-->")]
    private static partial Regex Volatile();
}
