using System.Net;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Dashboard.Tests.Costs;

/// <summary>GET /sessions/{name}/costs.csv: owner, admins and ops; everyone else is refused on the server.</summary>
public sealed class CostCsvEndpointTests : IAsyncLifetime
{
    private const string Path = "/sessions/python-workshop/costs.csv";
    private readonly DashboardAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(DemoData.Instructor, Roles.Instructor)]
    [InlineData("admin@demo.test", Roles.Admin)]
    [InlineData("ops@demo.test", Roles.Ops)]
    public async Task The_owner_admins_and_ops_download_the_costs_per_machine(string user, string role)
    {
        using var client = ClientAs(user, role);

        using var response = await client.GetAsync(Path + "?by=machine");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = Lines(await response.Content.ReadAsStringAsync());
        Assert.Equal("session,machine,student,size,priority,compute_hours,disk_hours,compute,disks,spot_saved,total,currency,from,to", lines[0]);
        Assert.Equal(13, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal(["python-workshop", "python-workshop-01", "student01@demo.test", "Standard_B2s", "Regular"], first[..5]);
        Assert.Equal("USD", first[11]);
        // The compute is the hours at the B2s demo price (0.048 an hour), to the cent.
        var hours = double.Parse(first[5], System.Globalization.CultureInfo.InvariantCulture);
        var compute = decimal.Parse(first[7], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(compute, Math.Round((decimal)hours * 0.048m, 2) - 0.01m, Math.Round((decimal)hours * 0.048m, 2) + 0.01m);
    }

    [Fact]
    public async Task Per_student_one_line_each()
    {
        using var client = ClientAs(DemoData.Instructor, Roles.Instructor);

        using var response = await client.GetAsync(Path + "?by=student&month=2026-01");

        var lines = Lines(await response.Content.ReadAsStringAsync());
        Assert.Equal("session,student,machines,compute_hours,compute,disks,spot_saved,total,currency,from,to", lines[0]);
        Assert.Equal(13, lines.Length);
        Assert.Equal("python-workshop,student01@demo.test,1,0.00,0.00,0.00,0.00,0.00,USD,2026-01-01T00:00:00.000Z,2026-02-01T00:00:00.000Z", lines[1]);
    }

    [Theory]
    [InlineData("other-instructor@demo.test", Roles.Instructor)]
    [InlineData("student01@demo.test", Roles.Student)]
    public async Task Anyone_else_signed_in_gets_403_and_no_figures(string user, string role)
    {
        using var client = ClientAs(user, role);

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("python-workshop-01", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_not_signed_in_gets_401()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync(Path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/sessions/no-such-session/costs.csv", HttpStatusCode.NotFound)]
    [InlineData(Path + "?by=color", HttpStatusCode.BadRequest)]
    [InlineData(Path + "?month=last", HttpStatusCode.BadRequest)]
    public async Task Unknown_sessions_and_bad_parameters_are_refused(string path, HttpStatusCode expected)
    {
        using var client = ClientAs("admin@demo.test", Roles.Admin);

        using var response = await client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
    }

    private static string[] Lines(string csv) => csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    private HttpClient ClientAs(string user, string role)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, user);
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, role);
        return client;
    }
}
