using System.Net;
using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>A 503 ("the cloud did not complete it; try again later") says when, when the cloud said so.</summary>
public sealed class ApiCloudFailureTests : IAsyncLifetime
{
    private readonly ApiApp _app = new(new Dictionary<string, string?> { ["Simulator:FailOperations:0"] = "Reboot" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_failed_action_while_the_cloud_throttles_answers_503_with_its_retry_after()
    {
        using var client = _app.Client(await _app.TokenForAsync(DemoData.Instructor));
        var machine = _app.MachineOf(DemoData.Student(5));
        using var plain = await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/reboot", null);
        // Deletes are not part of a reboot, so the pause holds nothing back here; it only says how long the cloud asked for.
        _app.Services.GetRequiredService<CloudRequestPacer>().Throttle(CloudRequestKind.Delete, TimeSpan.FromSeconds(120));

        using var throttled = await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/reboot", null);

        await ApiProblemTests.FullProblemAsync(plain, HttpStatusCode.ServiceUnavailable);
        Assert.Null(plain.Headers.RetryAfter);
        await ApiProblemTests.FullProblemAsync(throttled, HttpStatusCode.ServiceUnavailable);
        Assert.InRange(throttled.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 100, 120);
    }
}
