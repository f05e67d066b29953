using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Audit;

public sealed class AuditLogTests
{
    [Fact]
    public async Task A_batch_with_many_failures_is_recorded_within_every_column_the_database_declares()
    {
        await using var core = await CoreHost.StartAsync();
        var audit = core.Services.GetRequiredService<AuditLog>();
        var failures = string.Join("; ", Enumerable.Range(1, 500).Select(i => $"worker-{i:000}: The cloud refused the request (throttled)"));

        await audit.RecordAsync(new string('a', 400) + "@x.test", AuditAction.StopAll, ActionOutcome.Failed,
            new string('s', 80), new string('m', 120), failures);

        await using var db = core.CreateDbContext();
        var entry = await db.ActionLog.AsNoTracking().SingleAsync();
        var model = db.Model.FindEntityType(typeof(ActionLogEntry))!;
        int Limit(string property) => model.FindProperty(property)!.GetMaxLength()!.Value;
        Assert.InRange(entry.Error!.Length, 1, Limit(nameof(ActionLogEntry.Error)));
        Assert.InRange(entry.Actor.Length, 1, Limit(nameof(ActionLogEntry.Actor)));
        Assert.InRange(entry.SessionName!.Length, 1, Limit(nameof(ActionLogEntry.SessionName)));
        Assert.InRange(entry.MachineName!.Length, 1, Limit(nameof(ActionLogEntry.MachineName)));
        Assert.StartsWith("worker-001: The cloud refused", entry.Error, StringComparison.Ordinal);
        Assert.EndsWith("…", entry.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_audit_filter_offers_and_reads_back_every_action_and_refuses_an_unknown_one()
    {
        Assert.Equal(Enum.GetValues<AuditAction>(), AuditFilter.KnownActions);
        foreach (var action in Enum.GetValues<AuditAction>())
        {
            var query = new AuditFilter { Action = action }.ToQueryString();
            Assert.True(AuditFilter.TryParse(key => key == "action" ? Uri.UnescapeDataString(query["action=".Length..]) : null, out var read, out _));
            Assert.Equal(action, read.Action);
        }

        Assert.False(AuditFilter.TryParse(key => key == "action" ? "DropTables" : null, out _, out var error));
        Assert.Contains("action must be one of", error, StringComparison.Ordinal);
        Assert.False(AuditFilter.TryParse(key => key == "action" ? "3" : null, out _, out _));
    }
}
