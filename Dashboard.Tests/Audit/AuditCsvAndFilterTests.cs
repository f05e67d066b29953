using System.Text;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;

namespace Dashboard.Tests.Audit;

public sealed class AuditCsvAndFilterTests
{
    [Fact]
    public async Task Rows_are_RFC_4180_with_UTC_times_and_formulas_defused()
    {
        var entries = new[]
        {
            new ActionLogEntry
            {
                At = new DateTimeOffset(2026, 11, 29, 15, 4, 5, 678, TimeSpan.FromHours(2)), Actor = "=cmd|' /C calc'!A0",
                Action = AuditAction.SignIn, Outcome = ActionOutcome.Failed, Error = "wrong e-mail, or \"password\"",
            },
            new ActionLogEntry
            {
                At = new DateTimeOffset(2026, 11, 29, 13, 0, 0, TimeSpan.Zero), Actor = "admin@demo.test", Action = AuditAction.Stop,
                SessionName = "python-workshop", MachineName = "python-workshop-01", Outcome = ActionOutcome.Succeeded,
            },
        };
        using var stream = new MemoryStream();

        await AuditCsv.WriteAsync(entries.ToAsyncEnumerable(), stream, CancellationToken.None);

        Assert.Equal(
            "at,actor,action,session,machine,outcome,error\r\n"
            + "2026-11-29T13:04:05.678Z,\"'=cmd|' /C calc'!A0\",SignIn,,,Failed,\"wrong e-mail, or \"\"password\"\"\"\r\n"
            + "2026-11-29T13:00:00.000Z,admin@demo.test,Stop,python-workshop,python-workshop-01,Succeeded,\r\n",
            Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void A_filter_survives_the_round_trip_through_its_query_string()
    {
        var filter = new AuditFilter
        {
            Who = "admin@demo.test", Action = AuditAction.StopAll, Session = "python-workshop", Machine = "worker 01",
            Outcome = ActionOutcome.Refused, From = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 11, 29, 12, 30, 0, TimeSpan.FromHours(1)),
        };
        var query = System.Web.HttpUtility.ParseQueryString(filter.ToQueryString());

        Assert.True(AuditFilter.TryParse(key => query[key], out var parsed, out var error), error);

        Assert.Equal(filter, parsed);
        Assert.Equal("", new AuditFilter().ToQueryString());
    }

    [Theory]
    [InlineData("2026-11-29", null, "2026-11-29T00:00:00.0000000+00:00", null)]
    [InlineData(null, "2026-11-29", null, "2026-11-30T00:00:00.0000000+00:00")]
    [InlineData("2026-11-29T10:00:00+02:00", "2026-11-29T10:00:00", "2026-11-29T08:00:00.0000000+00:00", "2026-11-29T10:00:00.0000000+00:00")]
    public void Dates_read_as_UTC_and_a_bare_to_day_runs_to_its_end(string? from, string? to, string? expectedFrom, string? expectedTo)
    {
        var values = new Dictionary<string, string?> { ["from"] = from, ["to"] = to };

        Assert.True(AuditFilter.TryParse(key => values.GetValueOrDefault(key), out var filter, out _));

        Assert.Equal(expectedFrom, filter.From?.ToString("O"));
        Assert.Equal(expectedTo, filter.To?.ToString("O"));
    }

    [Theory]
    [InlineData("outcome", "maybe")]
    [InlineData("outcome", "7")]
    [InlineData("from", "yesterday")]
    [InlineData("to", "2026-13-01")]
    public void Nonsense_is_refused_with_a_message(string key, string value)
    {
        Assert.False(AuditFilter.TryParse(k => k == key ? value : null, out _, out var error));
        Assert.NotNull(error);
    }
}
