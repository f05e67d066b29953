using System.Diagnostics;
using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Dashboard.Benchmarks;

/// <summary>
/// Stop All and Start All of one session through the command path users take
/// (<see cref="MachineCommands.RunBatchAsync"/>), each timed until the monitor, every page and every hub client show
/// the result. They alternate, so each burst starts where the last one left the machines.
/// </summary>
public sealed class BatchBursts(BenchmarkApp app, Guid sessionId, string session)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    private MachineCommands Commands => app.Services.GetRequiredService<MachineCommands>();

    /// <summary>
    /// Runs the batch and waits (at most <paramref name="limit"/>) for everyone to see every machine in its final
    /// state; CPU is read over <paramref name="cpuWindow"/> from the start, or until everyone settled if that is later.
    /// </summary>
    public async Task<BurstFigures> RunAsync(BatchAction batch, IReadOnlyList<IPage> pages, HubFleetProcess? fleet,
        TimeSpan cpuWindow, TimeSpan limit)
    {
        var final = batch == BatchAction.StopAll ? MachineState.Deallocated : MachineState.Running;
        foreach (var page in pages)
            await PageProbe.ResetRendersAsync(page);
        if (fleet is not null)
            await fleet.BeginWindowAsync(final.ToString(), limit);

        var cpuBefore = ProcessFigures.Cpu();
        var watch = Stopwatch.StartNew();
        var running = Commands.RunBatchAsync(sessionId, batch, BenchmarkApp.Instructor);
        var serverDone = await WhenAsync(() => running.IsCompleted && AllIn(final), watch, limit, () => Progress(batch, final, watch));
        var pagesDone = await WaitForPagesAsync(pages, final.ToString().ToLowerInvariant(), watch, limit);
        // The fleet answers by itself at the limit; this only guards against a fleet that went silent.
        var hub = fleet is null ? null : await fleet.EndWindowAsync(Max(limit - watch.Elapsed, TimeSpan.Zero) + TimeSpan.FromSeconds(30));
        if (watch.Elapsed < cpuWindow)
            await Task.Delay(cpuWindow - watch.Elapsed);
        var cpu = ProcessFigures.Cpu() - cpuBefore;
        var measured = watch.Elapsed;

        if (running.IsCompletedSuccessfully && running.Result.Failed.Count > 0)
            throw new InvalidOperationException($"{batch} failed on {running.Result.Failed.Count} machines: {running.Result.Summary}");
        var renders = new List<double[]>();
        var fewestRowsFinal = int.MaxValue;
        foreach (var page in pages)
        {
            renders.Add(await PageProbe.RendersAsync(page));
            fewestRowsFinal = Math.Min(fewestRowsFinal, await PageProbe.RowsInStateAsync(page, session, final.ToString().ToLowerInvariant()));
        }

        var monitorFinal = app.Monitor.FindSession(session)?.Machines.Count(m => m.State == final) ?? 0;
        return new BurstFigures(batch, cpu, measured, serverDone, pagesDone, hub, renders, monitorFinal,
            pages.Count == 0 ? null : fewestRowsFinal);
    }

    /// <summary>Waits (bounded) for a batch that outlived its burst, so the next burst finds the machines idle.</summary>
    public async Task<bool> WaitForIdleAsync(TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        return await WhenAsync(() => app.Monitor.FindSession(session) is { } s && s.Machines.All(m => !m.IsBusy), watch, limit, () => { }) is not null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private bool AllIn(MachineState state) =>
        app.Monitor.FindSession(session) is { } s && s.Machines.All(m => m.State == state && !m.IsBusy);

    private void Progress(BatchAction batch, MachineState final, Stopwatch watch)
    {
        var machines = app.Monitor.FindSession(session)?.Machines ?? [];
        Show.Progress($"  {batch}: {machines.Count(m => m.State == final && !m.IsBusy)}/{machines.Length} {final} after {Show.Seconds(watch.Elapsed)}");
    }

    /// <summary>When (on <paramref name="watch"/>) the condition first held; null if not within the limit.</summary>
    private static async Task<TimeSpan?> WhenAsync(Func<bool> condition, Stopwatch watch, TimeSpan limit, Action progress)
    {
        var nextProgress = ProgressEvery;
        while (!condition())
        {
            if (watch.Elapsed > limit)
                return null;
            if (watch.Elapsed > nextProgress)
            {
                progress();
                nextProgress += ProgressEvery;
            }

            await Task.Delay(50);
        }

        return watch.Elapsed;
    }

    /// <summary>When every page showed every row in the state; null if not within the limit.</summary>
    private async Task<TimeSpan?> WaitForPagesAsync(IReadOnlyList<IPage> pages, string state, Stopwatch watch, TimeSpan limit)
    {
        var waiting = pages.ToList();
        var nextProgress = watch.Elapsed + ProgressEvery;
        while (waiting.Count > 0)
        {
            foreach (var page in waiting.ToList())
            {
                if (await PageProbe.AllRowsInStateAsync(page, session, state))
                    waiting.Remove(page);
            }

            if (waiting.Count == 0)
                break;
            if (watch.Elapsed > limit)
                return null;
            if (watch.Elapsed > nextProgress)
            {
                Show.Progress($"  {pages.Count - waiting.Count}/{pages.Count} pages show every row {state} after {Show.Seconds(watch.Elapsed)}");
                nextProgress += ProgressEvery;
            }

            await Task.Delay(250);
        }

        return watch.Elapsed;
    }
}
