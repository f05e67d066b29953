using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Core.Api;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Api.ApiAuthenticationTests;

namespace Dashboard.Tests.Api;

/// <summary>Forbidden calls fail on the server, by the same access policy the UI's services ask, and touch nothing.</summary>
public sealed class ApiAuthorizationTests : ApiTest
{
    [Fact]
    public async Task A_student_sees_only_their_own_machine()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Student(1), ApiScopes.Read));

        var sessions = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions");
        var others = App.MachineOf(DemoData.Student(2));

        Assert.Equal(["python-workshop"], sessions.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([App.MachineOf(DemoData.Student(1)).Name],
            sessions[0].GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        await AssertProblemAsync(await client.GetAsync($"/api/v1/machines/{others.Id}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.GetAsync("/api/v1/sessions/spark-analytics"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_student_acting_on_another_s_machine_gets_404_and_nothing_happens()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Student(1)));
        var others = App.MachineOf(DemoData.Student(2));

        foreach (var action in new[] { "stop", "delete", "connect", "reboot" })
            await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{others.Id}/actions/{action}", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsync("/api/v1/sessions/spark-analytics/actions/stop-all", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/sessions/python-workshop/schedule/skip", new { machineId = others.Id }),
            HttpStatusCode.NotFound);

        var now = App.Monitor.FindMachine(others.Id)!;
        Assert.Equal(MachineState.Running, now.State);
        Assert.Null(now.Operation);
        Assert.Empty(await App.AuditOfAsync(others.Name));
    }

    [Fact]
    public async Task A_student_may_not_delete_their_own_machine_nor_stop_the_whole_pool()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Student(1)));
        var mine = App.MachineOf(DemoData.Student(1));

        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{mine.Id}/actions/delete", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PostAsync("/api/v1/sessions/python-workshop/actions/stop-all", null), HttpStatusCode.Forbidden);

        Assert.All(App.Monitor.FindSession("python-workshop")!.Machines, m => Assert.Equal(MachineState.Running, m.State));
    }

    [Fact]
    public async Task A_read_token_cannot_act_even_for_an_admin()
    {
        using var client = App.Client(await App.TokenForAsync("admin@demo.test", ApiScopes.Read));
        var machine = App.MachineOf(DemoData.Student(3));

        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await client.PutAsJsonAsync("/api/v1/sessions/python-workshop/schedule", new { }), HttpStatusCode.Forbidden);

        Assert.Null(App.Monitor.FindMachine(machine.Id)!.Operation);
        Assert.Empty(await App.AuditOfAsync(machine.Name));
    }

    [Fact]
    public async Task Ops_read_everything_but_act_on_nothing()
    {
        using var client = App.Client(await App.TokenForAsync("ops@demo.test"));
        var machine = App.MachineOf(DemoData.Student(4));

        Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).GetArrayLength());
        var problem = await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null), HttpStatusCode.Forbidden);

        Assert.Equal("Ops see every session read-only.", problem.GetProperty("detail").GetString());
        Assert.Equal(MachineState.Running, App.Monitor.FindMachine(machine.Id)!.State);
    }

    [Fact]
    public async Task The_owner_stops_a_machine_and_the_audit_says_who()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(5));

        using var response = await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Succeeded", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(MachineState.Deallocated, App.Monitor.FindMachine(machine.Id)!.State);
        Assert.Contains(await App.AuditOfAsync(machine.Name), e => e.Actor == DemoData.Instructor && e.Action == AuditAction.Stop && e.Outcome == ActionOutcome.Succeeded);
    }

    [Fact]
    public async Task Errors_are_problems_with_the_right_status()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(6));

        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/explode", null), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/start", null), HttpStatusCode.Conflict);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{Guid.NewGuid()}/actions/stop", null), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.GetAsync("/api/v1/audit?outcome=maybe"), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await client.GetAsync("/api/v1/no-such-thing"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await client.DeleteAsync("/api/v1/sessions"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task The_audit_trail_follows_the_audit_page_s_rules()
    {
        using var student = App.Client(await App.TokenForAsync(DemoData.Student(1)));
        using var admin = App.Client(await App.TokenForAsync("admin@demo.test", ApiScopes.Read));

        await AssertProblemAsync(await student.GetAsync("/api/v1/audit"), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await student.GetAsync("/api/v1/audit.csv"), HttpStatusCode.Forbidden);
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/audit?take=5");
        Assert.Equal(5, page.GetProperty("take").GetInt32());
        Assert.True(page.GetProperty("entries").GetArrayLength() <= 5);
        using var csv = await admin.GetAsync("/api/v1/audit.csv");
        Assert.StartsWith("at,actor,action", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedules_are_changed_by_their_owner_only_and_validated()
    {
        using var owner = App.Client(await App.TokenForAsync(DemoData.Instructor, ApiScopes.Read, ApiScopes.Schedule));
        using var student = App.Client(await App.TokenForAsync(DemoData.Student(1)));
        var settings = new { autoStopAfterHours = 3.0, quotaHoursPerStudent = (double?)null, studentsMayPostpone = false, rules = Array.Empty<object>() };

        await AssertProblemAsync(await student.PutAsJsonAsync("/api/v1/sessions/python-workshop/schedule", settings), HttpStatusCode.Forbidden);
        var invalid = await AssertProblemAsync(
            await owner.PutAsJsonAsync("/api/v1/sessions/python-workshop/schedule", settings with { autoStopAfterHours = -1.0 }), HttpStatusCode.BadRequest);
        Assert.True(invalid.TryGetProperty("errors", out _));
        Assert.Equal(HttpStatusCode.OK, (await owner.PutAsJsonAsync("/api/v1/sessions/python-workshop/schedule", settings)).StatusCode);

        var saved = await owner.GetFromJsonAsync<JsonElement>("/api/v1/sessions/python-workshop/schedule");
        Assert.Equal(3.0, saved.GetProperty("settings").GetProperty("autoStopAfterHours").GetDouble());
    }
}
