using System.Diagnostics;
using Dashboard.Core.Budgets;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Dashboard.Core.Setup;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dashboard.Benchmarks;

/// <summary>
/// <c>budgets [sessions] [machines-per-session] [changes-per-machine]</c>: what one budget check costs for 5,000
/// machines (10 sessions of 500, every machine with a month of state history): the first check, which reads every
/// history once; a check within the refresh interval, which reads nothing; and one after it, which reads only the
/// rows added since. Wall time, bytes allocated in the process and SQL commands per check; then pages asking for the
/// figures of every session, as 100 open pages would after a live update.
/// </summary>
public static class BudgetScenario
{
    public static async Task RunAsync(string[] args)
    {
        var sessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10;
        var perSession = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 500;
        var changes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 20;
        var data = Directory.CreateTempSubdirectory("dashboard-bench-budgets-");
        try
        {
            Show.Progress($"seeding {sessions} sessions of {perSession} machines with {changes} state changes each");
            using (var seeding = StartHost(data.FullName))
                await SeedAsync(seeding.Services, sessions, perSession, changes);

            using var host = StartHost(data.FullName);
            await Print(host.Services, sessions * perSession, changes);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static IHost StartHost(string folder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = folder,
            ["Demo:SeedOnFirstRun"] = "false",
            ["Simulator:SpotEvictionsPerHour"] = "0",
            ["Cloud:PollSeconds"] = "5",
            // The benchmark runs the checks itself; the host's own waits an hour.
            ["Budgets:EvaluateSeconds"] = "3600",
            ["Costs:RefreshSeconds"] = "2",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddDashboardCore(builder.Configuration, folder);
        var host = builder.Build();
        host.StartAsync().GetAwaiter().GetResult();
        return host;
    }

    private static async Task SeedAsync(IServiceProvider services, int sessions, int perSession, int changes)
    {
        var cloud = services.GetRequiredService<SimulatedCloud>();
        var store = services.GetRequiredService<SessionStore>();
        var now = DateTimeOffset.UtcNow;
        var month = CostPeriod.MonthOf(now);
        var step = (now - month.Start) / (changes + 1);
        for (var s = 0; s < sessions; s++)
        {
            var session = new Session
            {
                Name = $"bench-{s:00}", Kind = FormationKind.MachinePool, Owner = "bench-instructor@example.test",
                CreatedAt = month.Start.AddDays(-1), Budget = 1_000_000m,
            };
            for (var i = 0; i < perSession; i++)
            {
                session.Machines.Add(new Machine
                {
                    SessionId = session.Id, Name = $"bench-{s:00}-{i:000}", Role = MachineRole.PoolMember, Ordinal = i + 1,
                    Size = "Standard_D2s_v5", Image = "Canonical:ubuntu-24_04-lts:server:latest",
                    Priority = i % 5 == 0 ? MachinePriority.Spot : MachinePriority.Regular,
                    EvictionPolicy = i % 5 == 0 ? EvictionPolicy.Deallocate : null,
                    AssignedUser = $"student{i:000}@example.test", State = MachineState.Running, StateSince = now - step,
                    CloudId = cloud.IdFor($"bench-{s:00}-{i:000}"),
                });
            }

            cloud.AddRunning(session.Machines.Select(m => SessionPlanner.SpecOf(session, m)));
            await store.AddSessionAsync(session, CancellationToken.None);

            await using var db = services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var machine in session.Machines)
            {
                // Running and deallocated in turn through the month, ending running.
                for (var c = 0; c < changes; c++)
                {
                    var running = c % 2 == changes % 2;
                    db.StateChanges.Add(new StateChange
                    {
                        MachineId = machine.Id, SessionName = session.Name, MachineName = machine.Name,
                        From = running ? MachineState.Deallocated : MachineState.Running,
                        To = running ? MachineState.Running : MachineState.Deallocated,
                        At = month.Start + step * (c + 1), Cause = StateChangeCause.Action,
                    });
                }
            }

            await db.SaveChangesAsync();
        }
    }

    private static async Task Print(IServiceProvider services, int machines, int changes)
    {
        var monitor = services.GetRequiredService<Dashboard.Core.Live.SessionMonitor>();
        await monitor.WhenLoaded;
        var evaluator = services.GetRequiredService<BudgetEvaluator>();
        var costs = services.GetRequiredService<SessionCosts>();
        using var counter = new CommandCounter();

        Console.WriteLine($"### Budget check: {machines:#,0} machines in {monitor.Sessions.Count} sessions, {changes} state changes each this month");
        Console.WriteLine();
        Console.WriteLine("| check | sessions | wall ms | µs per machine | allocated MB | SQL commands | history reads |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        await Tick("first (reads every history)", evaluator, counter, machines);
        await Tick("within the refresh interval", evaluator, counter, machines);
        await Task.Delay(TimeSpan.FromSeconds(2.1));
        await Tick("after it (reads only new rows)", evaluator, counter, machines);
        await Tick("within the refresh interval", evaluator, counter, machines);

        // Pages after a live update: a new picture of every session, asked for by 100 pages.
        var views = monitor.Sessions.Select(s => s with { }).ToList();
        var before = (Alloc: GC.GetTotalAllocatedBytes(precise: true), Commands: counter.Read());
        var clock = Stopwatch.StartNew();
        for (var page = 0; page < 100; page++)
        {
            foreach (var view in views)
                _ = costs.Current(view);
        }

        clock.Stop();
        var after = counter.Read();
        Console.WriteLine($"| 100 pages × {views.Count} sessions after a live update | {views.Count} | {Show.Number(clock.Elapsed.TotalMilliseconds)} | " +
            $"{Show.Number(clock.Elapsed.TotalMilliseconds * 1000 / machines / 100, "0.00")} (per page) | " +
            $"{Show.Number((GC.GetTotalAllocatedBytes(precise: true) - before.Alloc) / 1e6, "0.00")} | {after.All - before.Commands.All} | {after.History - before.Commands.History} |");
        Console.WriteLine();
        Console.WriteLine("Allocations are the whole process's during the check (the poller and writer run beside it). A picture is priced once however many pages ask; the history is read per session at most every `Costs:RefreshSeconds`.");
    }

    private static async Task Tick(string name, BudgetEvaluator evaluator, CommandCounter counter, int machines)
    {
        var before = counter.Read();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var sessions = await evaluator.EvaluateAsync(CancellationToken.None);
        clock.Stop();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var after = counter.Read();
        Console.WriteLine($"| {name} | {sessions} | {Show.Number(clock.Elapsed.TotalMilliseconds)} | " +
            $"{Show.Number(clock.Elapsed.TotalMilliseconds * 1000 / machines, "0.00")} | {Show.Number(bytes / 1e6, "0.00")} | " +
            $"{after.All - before.All} | {after.History - before.History} |");
    }
}
