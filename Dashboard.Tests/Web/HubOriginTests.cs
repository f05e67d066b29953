using System.Net;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Web;

/// <summary>A page of another site cannot open the hub with the visitor's cookie; the dashboard's own pages and tools can.</summary>
public sealed class HubOriginTests : IAsyncLifetime
{
    private readonly DashboardAppFactory _app = new(new Dictionary<string, string?> { ["Hub:AllowedOrigins:0"] = "https://ops.example.org" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    [InlineData("https://ops.example.org", HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.OK)]
    public async Task Negotiating_answers_by_the_pages_origin(string? origin, HttpStatusCode expected)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, "admin@demo.test");
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, Roles.Admin);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/sessions/negotiate?negotiateVersion=1");
        if (origin is not null)
            request.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
