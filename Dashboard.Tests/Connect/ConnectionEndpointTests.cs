using System.Net;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Connect;

/// <summary>GET /api/machines/{id}/connection for each kind of person: the access policy decides, the server refuses.</summary>
public sealed class ConnectionEndpointTests(ConnectApp app) : IClassFixture<ConnectApp>
{
    private const string Own = "python-workshop-03";
    private const string Neighbour = "python-workshop-04";

    [Fact]
    public async Task The_assigned_student_gets_the_ssh_command_of_their_machine()
    {
        using var response = await app.GetConnectionAsync(TestViewers.Student(3), Own);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await ConnectApp.DetailsOf(response);
        Assert.Equal((Own, MachineOs.Linux, $"ssh azureuser@{Own}.sim.internal"), (details!.Machine, details.Os, details.SshCommand));
    }

    [Fact]
    public async Task A_student_is_refused_the_machine_of_another_student_and_told_why()
    {
        using var response = await app.GetConnectionAsync(TestViewers.Student(3), Neighbour);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("That machine is not assigned to you.", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ssh ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_owner_instructor_gets_the_rdp_and_browser_details_of_the_desktop_lab_target()
    {
        using var response = await app.GetConnectionAsync(TestViewers.Instructor, "desktop-lab-target");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var details = await ConnectApp.DetailsOf(response);
        Assert.Equal(MachineOs.Windows, details!.Os);
        Assert.Contains("full address:s:desktop-lab-target.sim.internal:3389", details.RdpFile, StringComparison.Ordinal);
        Assert.Equal("https://desktop-lab-proxy.sim.internal/guacamole/#/client/desktop-lab-target", details.BrowserUrl);
    }

    [Fact]
    public async Task An_admin_gets_the_details_of_any_machine()
    {
        using var response = await app.GetConnectionAsync(TestViewers.Admin, "genomics-hpc-head");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://genomics-hpc-head.sim.internal/ood/", (await ConnectApp.DetailsOf(response))!.BrowserUrl);
    }

    [Fact]
    public async Task Ops_see_everything_read_only_but_get_no_connection_details()
    {
        using var response = await app.GetConnectionAsync(TestViewers.Ops, "spark-analytics-master");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Ops see every session read-only.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_instructor_is_refused_a_session_they_do_not_own()
    {
        using var response = await app.GetConnectionAsync(TestViewers.OtherInstructor, Own);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("You can only act on your own sessions.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_caller_is_challenged_and_gets_nothing()
    {
        using var response = await app.GetConnectionAsync(null, Own);

        // An API endpoint: 401 rather than a redirect to the sign-in page.
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("ssh ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_machine_is_not_found()
    {
        using var client = app.ClientFor(TestViewers.Admin);

        using var response = await client.GetAsync($"/api/machines/{Guid.NewGuid()}/connection");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_refused_request_is_in_the_audit_trail_and_a_granted_one_too()
    {
        using (await app.GetConnectionAsync(TestViewers.Ops, "genomics-hpc-compute-01"))
        using (await app.GetConnectionAsync(TestViewers.Admin, "genomics-hpc-compute-01"))
        {
        }

        var refused = Assert.Single(await app.ConnectLogAsync(TestViewers.Ops.Name, "genomics-hpc-compute-01"));
        Assert.Equal((ActionOutcome.Refused, "Ops see every session read-only."), (refused.Outcome, refused.Error));
        var granted = Assert.Single(await app.ConnectLogAsync(TestViewers.Admin.Name, "genomics-hpc-compute-01"));
        Assert.Equal(ActionOutcome.Succeeded, granted.Outcome);
    }

    [Fact]
    public async Task A_machine_that_is_not_running_is_a_conflict_with_the_reason()
    {
        const string worker = "spark-analytics-worker-02";
        var stopped = await app.Factory.Services.GetRequiredService<MachineCommands>()
            .RunAsync(app.Machine(worker).Id, MachineAction.Stop, TestViewers.Admin);
        Assert.True(stopped.Succeeded, stopped.Message);

        using var response = await app.GetConnectionAsync(TestViewers.Instructor, worker);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Only a running machine can be connected to", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
