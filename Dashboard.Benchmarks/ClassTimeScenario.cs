using System.Diagnostics;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Simulated;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Benchmarks;

/// <summary>
/// What one class-time tick costs for a deployment: schedules, running-time limits and quota hours evaluated for every
/// machine, measured for 500 and for 5,000 machines side by side (sessions of 500, every machine on a quota run).
/// </summary>
public static class ClassTimeScenario
{
    private const int PerSession = 500;
    private const int SteadyTicks = 20;

    public static async Task RunAsync()
    {
        Console.WriteLine("## Class time: one tick of schedules, limits and quota hours");
        Console.WriteLine();
        Console.WriteLine("| Machines | Phase | Tick (mean) | Per machine | Allocated per tick | SQL commands per tick |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        var figures = new List<(int Machines, TickFigures Quiet, TickFigures Countdown)>();
        foreach (var machines in new[] { 500, 5000 })
        {
            Show.Progress($"class time: {machines} machines");
            var (quiet, planning, countdown) = await MeasureAsync(machines);
            Row(machines, "nothing due", quiet);
            Row(machines, "stops planned, first warning", planning);
            Row(machines, "countdowns running", countdown);
            figures.Add((machines, quiet, countdown));
        }

        var (small, large) = (figures[0], figures[1]);
        Console.WriteLine();
        Console.WriteLine($"Ten times the machines cost {Show.Number(large.Quiet.MeanMs / small.Quiet.MeanMs, "0.0")}× the time of a quiet tick " +
            $"and {Show.Number(large.Countdown.MeanMs / small.Countdown.MeanMs, "0.0")}× with every machine in a countdown; " +
            $"SQL commands per quiet tick: {Show.Number(small.Quiet.Commands, "0.#")} and {Show.Number(large.Quiet.Commands, "0.#")}.");
    }

    private static void Row(int machines, string phase, TickFigures f) =>
        Console.WriteLine($"| {Show.Int(machines)} | {phase} | {Show.Number(f.MeanMs, "0.0")} ms | {Show.Number(f.MeanMs * 1000 / machines, "0.0")} µs | " +
            $"{Show.Mb(f.Bytes)} | {Show.Number(f.Commands, "0.#")} |");

    private static async Task<(TickFigures Quiet, TickFigures Planning, TickFigures Countdown)> MeasureAsync(int machines)
    {
        var start = new DateTimeOffset(2027, 3, 22, 8, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        var data = Directory.CreateTempSubdirectory("dashboard-classtime-");
        var host = Build(data.FullName, clock);
        await host.StartAsync();
        try
        {
            var services = host.Services;
            var sessions = machines / PerSession;
            await SeedAsync(services, sessions);
            var monitor = services.GetRequiredService<SessionMonitor>();
            var commands = services.GetRequiredService<ClassTimeCommands>();
            var quota = services.GetRequiredService<QuotaLedger>();
            var scheduler = services.GetRequiredService<ClassScheduler>();
            // Class ends two hours on; every student's own run uses quota hours meanwhile.
            var end = TimeOnly.FromDateTime(start.AddHours(2).UtcDateTime);
            var settings = new ClassTimeSettings
            {
                Rules = [RuleSpec.Weekly(WeekDays.Weekdays, null, end, "UTC")],
                AutoStopAfterHours = 24,
                QuotaHoursPerStudent = 40,
            };
            foreach (var session in monitor.Sessions)
            {
                var saved = await commands.SaveSettingsAsync(Viewer.System, session.Id, settings);
                if (!saved.Succeeded)
                    throw new InvalidOperationException(saved.Message);
                var view = monitor.FindSession(session.Id)!;
                foreach (var machine in view.Machines)
                    quota.OpenRun(view, machine, $"student-{machine.Name}");
            }

            using var sql = new CommandCounter();
            await TickAsync(scheduler, clock, TimeSpan.FromSeconds(15));
            var quiet = await MeasureTicksAsync(scheduler, clock, sql, SteadyTicks);
            clock.Advance(TimeSpan.FromMinutes(91) - TimeSpan.FromSeconds(15 * (SteadyTicks + 1)));
            var planning = await MeasureTicksAsync(scheduler, clock, sql, 1);
            var countdown = await MeasureTicksAsync(scheduler, clock, sql, SteadyTicks);
            if (monitor.Sessions.Sum(s => s.ClassTime.Countdowns.Length) != machines)
                throw new InvalidOperationException("Not every machine shows a countdown: the figures would not be of the work they claim.");
            return (quiet, planning, countdown);
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }

    private static async Task<TickFigures> MeasureTicksAsync(ClassScheduler scheduler, FakeTimeProvider clock, CommandCounter sql, int ticks)
    {
        var commandsBefore = sql.Read().All;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < ticks; i++)
            await TickAsync(scheduler, clock, TimeSpan.FromSeconds(15));
        watch.Stop();
        return new TickFigures(watch.Elapsed.TotalMilliseconds / ticks, (GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / (double)ticks,
            (sql.Read().All - commandsBefore) / (double)ticks);
    }

    private static async Task TickAsync(ClassScheduler scheduler, FakeTimeProvider clock, TimeSpan by)
    {
        clock.Advance(by);
        await scheduler.TickAsync();
    }

    private static async Task SeedAsync(IServiceProvider services, int sessions)
    {
        var cloud = services.GetRequiredService<SimulatedCloud>();
        var monitor = services.GetRequiredService<SessionMonitor>();
        for (var s = 0; s < sessions; s++)
        {
            var name = $"class-{s:00}";
            cloud.AddRunning(Enumerable.Range(1, PerSession).Select(i => new CloudMachineSpec($"{name}-{i:000}", "Standard_B2s", "Ubuntu2204",
                MachinePriority.Regular, null, false, BenchmarkAdoption.PoolTags(name))));
            await BenchmarkAdoption.AdoptAsync(services, name, PerSession, TimeSpan.FromMinutes(2));
        }

        var clock = Stopwatch.StartNew();
        while (monitor.Sessions.Sum(s => s.Machines.Count(m => m.State == MachineState.Running)) < sessions * PerSession)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
                throw new TimeoutException("The adopted machines did not all show as running.");
            await Task.Delay(50);
        }
    }

    private static IHost Build(string folder, FakeTimeProvider clock)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = folder,
            ["Demo:SeedOnFirstRun"] = "false",
            ["Simulator:OperationSeconds"] = "0",
            ["Simulator:SpotEvictionsPerHour"] = "0",
            ["Cloud:PollSeconds"] = "1",
            ["ClassTime:TickSeconds"] = "86400",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddDashboardCore(builder.Configuration, folder);
        builder.Services.AddKeyedSingleton<TimeProvider>(ClassClock.Key, clock);
        return builder.Build();
    }

    private sealed record TickFigures(double MeanMs, double Bytes, double Commands);
}
