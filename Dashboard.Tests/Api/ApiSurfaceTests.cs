using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Core.Setup;
using static Dashboard.Tests.Api.ApiAuthenticationTests;

namespace Dashboard.Tests.Api;

/// <summary>The API's rate limit per token, its OpenAPI document and its reference page.</summary>
public sealed class ApiSurfaceTests : IAsyncLifetime
{
    private readonly ApiApp _app = new(new Dictionary<string, string?>
    {
        ["Api:RateLimit:PermitLimit"] = "3",
        ["Api:RateLimit:WindowSeconds"] = "600",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_token_beyond_its_limit_gets_429_with_retry_after_and_others_go_on()
    {
        using var busy = _app.Client(await _app.TokenForAsync(DemoData.Instructor));
        using var calm = _app.Client(await _app.TokenForAsync(DemoData.Instructor));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/sessions")).StatusCode);
        using var refused = await busy.GetAsync("/api/v1/sessions");

        var problem = await ApiProblemTests.FullProblemAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("rfc6585", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await calm.GetAsync("/api/v1/sessions")).StatusCode);
    }

    [Fact]
    public async Task Retry_after_is_the_time_left_in_the_window_not_a_whole_window()
    {
        using var busy = _app.Client(await _app.TokenForAsync(DemoData.Instructor));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/sessions")).StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var refused = await busy.GetAsync("/api/v1/sessions");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var seconds = refused.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.InRange(seconds ?? 0, 590, 598);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_endpoints_and_the_bearer_scheme()
    {
        using var client = _app.Client(null);

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/sessions", paths);
        Assert.Contains("/api/v1/sessions/{name}/machines", paths);
        Assert.Contains("/api/v1/machines/{id}/actions/{action}", paths);
        Assert.Contains("/api/v1/sessions/{name}/actions/{batch}", paths);
        Assert.Contains("/api/v1/sessions/{name}/schedule", paths);
        Assert.Contains("/api/v1/audit", paths);
        Assert.DoesNotContain(paths, p => !p.StartsWith("/api/v1/", StringComparison.Ordinal));
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        var stop = document.GetProperty("paths").GetProperty("/api/v1/machines/{id}/actions/{action}").GetProperty("post");
        Assert.True(stop.GetProperty("security")[0].TryGetProperty("Bearer", out _));
    }

    [Fact]
    public async Task The_reference_page_is_served()
    {
        using var client = _app.Factory.CreateClient();

        using var page = await client.GetAsync("/api/reference");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("openapi", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
