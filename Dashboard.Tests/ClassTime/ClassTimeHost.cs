using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.ClassTime;

/// <summary>Core with class time on a fake clock that tests move; the rest of the dashboard keeps real time.</summary>
public sealed class ClassTimeHost : IAsyncDisposable
{
    private ClassTimeHost(CoreHost core, FakeTimeProvider clock)
    {
        Core = core;
        Clock = clock;
    }

    public CoreHost Core { get; private set; }
    public FakeTimeProvider Clock { get; }
    public ClassScheduler Scheduler => Core.Services.GetRequiredService<ClassScheduler>();
    public ClassTimeCommands Commands => Core.Services.GetRequiredService<ClassTimeCommands>();
    public QuotaLedger Quota => Core.Services.GetRequiredService<QuotaLedger>();
    public SessionView Pool => Core.Monitor.FindSession("python-workshop")!;

    public static async Task<ClassTimeHost> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, TempFolder? folder = null)
    {
        var clock = new FakeTimeProvider(now);
        var core = await CoreHost.StartAsync(folder ?? new TempFolder(), WithDefaults(settings), replacing: s => Replace(s, clock));
        await core.Monitor.WhenLoaded;
        return new ClassTimeHost(core, clock);
    }

    /// <summary>Stops the dashboard and starts it again on the same data, with the clock where it is.</summary>
    public async Task RestartAsync(IDictionary<string, string?>? settings = null)
    {
        var folder = await Core.StopKeepingDataAsync();
        Core = await CoreHost.StartAsync(folder, WithDefaults(settings), replacing: s => Replace(s, Clock));
        await Core.Monitor.WhenLoaded;
    }

    /// <summary>Moves class time on and evaluates it, as the next tick would.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Scheduler.TickAsync();
        await Scheduler.WhenRunsDoneAsync();
    }

    public Countdown? CountdownOf(MachineView machine) => Core.Monitor.FindSession(machine.SessionId)!.ClassTime.CountdownFor(machine.Id);

    public MachineView Machine(Guid id) => Core.Monitor.FindMachine(id)!;

    public ValueTask DisposeAsync() => Core.DisposeAsync();

    private static Dictionary<string, string?> WithDefaults(IDictionary<string, string?>? settings)
    {
        // The test moves the clock and ticks itself; the background loop waits a day of class time between ticks.
        var values = new Dictionary<string, string?> { ["ClassTime:TickSeconds"] = "86400" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        return values;
    }

    private static void Replace(IServiceCollection services, FakeTimeProvider clock) =>
        services.AddKeyedSingleton<TimeProvider>(ClassClock.Key, clock);
}
