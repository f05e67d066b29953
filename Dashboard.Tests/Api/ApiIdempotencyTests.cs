using System.Net;
using System.Net.Http.Json;
using Dashboard.Core.Domain;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Api.ApiAuthenticationTests;

namespace Dashboard.Tests.Api;

/// <summary>An Idempotency-Key makes an action safe to send again: it runs once, and the retry hears what it answered.</summary>
public sealed class ApiIdempotencyTests : ApiTest
{
    [Fact]
    public async Task The_same_request_twice_runs_once_and_the_second_is_a_replay()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(7));

        using var first = await SendAsync(client, $"/api/v1/machines/{machine.Id}/actions/stop", "stop-7");
        using var second = await SendAsync(client, $"/api/v1/machines/{machine.Id}/actions/stop", "stop-7");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Single(await App.AuditOfAsync(machine.Name), e => e.Action == AuditAction.Stop && e.Outcome == ActionOutcome.Started);
    }

    [Fact]
    public async Task Without_a_key_the_second_stop_is_refused_by_the_rules()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(8));

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null)).StatusCode);
        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_same_key_for_another_request_is_422_and_runs_nothing()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var first = App.MachineOf(DemoData.Student(9));
        var other = App.MachineOf(DemoData.Student(10));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, $"/api/v1/machines/{first.Id}/actions/reboot", "k")).StatusCode);
        await AssertProblemAsync(await SendAsync(client, $"/api/v1/machines/{other.Id}/actions/reboot", "k"), HttpStatusCode.UnprocessableEntity);
        await AssertProblemAsync(
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions/python-workshop/schedule/postpone")
            {
                Headers = { { "Idempotency-Key", "body" } }, Content = JsonContent.Create(new { minutes = 30 }),
            }), HttpStatusCode.Conflict);
        await AssertProblemAsync(
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions/python-workshop/schedule/postpone")
            {
                Headers = { { "Idempotency-Key", "body" } }, Content = JsonContent.Create(new { minutes = 60 }),
            }), HttpStatusCode.UnprocessableEntity);

        Assert.Empty(await App.AuditOfAsync(other.Name));
    }

    [Fact]
    public async Task A_retry_while_the_first_still_runs_is_409()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(11));

        var first = SendAsync(client, $"/api/v1/machines/{machine.Id}/actions/stop", "slow");
        await Eventually.TrueAsync(() => App.Monitor.FindMachine(machine.Id)!.Operation is not null, "the stop holds the machine");
        await AssertProblemAsync(await SendAsync(client, $"/api/v1/machines/{machine.Id}/actions/stop", "slow"), HttpStatusCode.Conflict);

        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
    }

    [Fact]
    public async Task Keys_are_per_token()
    {
        using var one = App.Client(await App.TokenForAsync(DemoData.Instructor));
        using var two = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var a = App.MachineOf(DemoData.Student(12));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(one, $"/api/v1/machines/{a.Id}/actions/connect", "same")).StatusCode);
        using var other = await SendAsync(two, $"/api/v1/machines/{a.Id}/actions/connect", "same");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.False(other.Headers.Contains("Idempotent-Replayed"));
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string key) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Headers = { { "Idempotency-Key", key } } });
}
