using System.Net;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.People;

/// <summary>GET /sessions/{name}/roster.csv asks the same policy as the People page, on the server.</summary>
public sealed class RosterEndpointTests : IAsyncLifetime
{
    private const string Path = "/sessions/python-workshop/roster.csv";
    private readonly DashboardAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(DemoData.Instructor, Roles.Instructor)]
    [InlineData("admin@demo.test", Roles.Admin)]
    public async Task The_owner_and_an_admin_download_the_roster_as_csv(string user, string role)
    {
        using var client = ClientAs(user, role);

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("python-workshop-roster.csv", response.Content.Headers.ContentDisposition?.FileNameStar
            ?? response.Content.Headers.ContentDisposition?.FileName);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("machine,role,state,student", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.Equal($"python-workshop-12,pool member,running,{DemoData.Student(12)}", lines[12]);
    }

    [Theory]
    [InlineData("other-instructor@demo.test", Roles.Instructor)]
    [InlineData("ops@demo.test", Roles.Ops)]
    [InlineData("student01@demo.test", Roles.Student)]
    public async Task Anyone_else_signed_in_gets_403_and_no_data(string user, string role)
    {
        using var client = ClientAs(user, role);

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(RosterMessages.NotAllowed, body);
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(Path);

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect, $"got {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
            Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_session_is_404()
    {
        using var client = ClientAs("admin@demo.test", Roles.Admin);

        using var response = await client.GetAsync("/sessions/no-such-session/roster.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private HttpClient ClientAs(string user, string role)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, user);
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, role);
        return client;
    }
}
