using Dashboard.Client;
using Dashboard.Core.Setup;

namespace Dashboard.Tests.Api;

/// <summary>The typed client covers the class-time changes and the CSV export, not only reads and actions.</summary>
public sealed class ApiClientTests : ApiTest
{
    [Fact]
    public async Task Postpone_skip_and_the_audit_csv_through_the_typed_client()
    {
        var api = DashboardApiClient.WithToken(App.Client(null), await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(4));
        // A one-off stop soon gives every machine a coming stop to change.
        var stopSoon = new ScheduleRuleDto { Kind = "Once", StopAt = DateTimeOffset.UtcNow.AddMinutes(20) };
        Assert.Equal("Succeeded", (await api.SaveScheduleAsync("python-workshop", new ClassTimeSettingsDto { Rules = [stopSoon] })).Outcome);

        var postponed = await api.PostponeStopAsync("python-workshop", 60, machine.Id, idempotencyKey: "postpone-4");
        var skipped = await api.SkipStopAsync("python-workshop", idempotencyKey: "skip-all");
        var refused = await Assert.ThrowsAsync<DashboardApiException>(() => api.PostponeStopAsync("python-workshop", 45));
        var csv = await api.ExportAuditCsvAsync(new Dictionary<string, string> { ["session"] = "python-workshop" });

        Assert.Equal("Succeeded", postponed.Outcome);
        Assert.Equal("Succeeded", skipped.Outcome);
        Assert.Equal(400, refused.Status);
        Assert.Contains("PostponeStop", csv, StringComparison.Ordinal);
        Assert.Contains("SkipStop", csv, StringComparison.Ordinal);
    }
}
