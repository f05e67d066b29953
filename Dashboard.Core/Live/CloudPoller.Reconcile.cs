using Dashboard.Core.Cloud;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Dashboard.Core.Live;

public sealed partial class CloudPoller
{
    // Direct reads of one batch run side by side, but few at a time: the cloud's pacing still applies to each.
    private const int ParallelReads = 8;

    /// <summary>
    /// Reconciles a few machines now, between polls: one direct read per distinct machine, applied exactly as a poll
    /// applies its listing. A read that fails changes nothing; the next poll looks again. Returns how many machines
    /// were read.
    /// </summary>
    public async Task<int> ReconcileNowAsync(IReadOnlyCollection<Guid> machineIds, CancellationToken cancellationToken)
    {
        if (machineIds.Count == 0 || !live.WhenLoaded.IsCompleted)
            return 0;
        await _cycle.WaitAsync(cancellationToken);
        try
        {
            return await ReconcileCoreAsync(machineIds, cancellationToken);
        }
        finally
        {
            _cycle.Release();
        }
    }

    private async Task<int> ReconcileCoreAsync(IReadOnlyCollection<Guid> machineIds, CancellationToken cancellationToken)
    {
        var machines = machineIds.Distinct().Select(live.FindMachine).OfType<MachineView>().Where(m => m.CloudId is not null)
            .DistinctBy(m => m.CloudId!, StringComparer.OrdinalIgnoreCase).ToList();
        var readAt = time.GetUtcNow();
        var read = new Dictionary<Guid, CloudMachineStatus?>();
        await Parallel.ForEachAsync(machines, new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (machine, ct) =>
            {
                try
                {
                    var status = await cloud.ReadAsync(machine.CloudId!, ct);
                    lock (read)
                        read[machine.Id] = status;
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogReadFailed(ex, machine.Name);
                }
            });

        var saved = live.Edit(edit =>
        {
            foreach (var (id, status) in read)
            {
                // A machine that changed after its read began is newer than the read: keep what is shown.
                if (edit.Machine(id) is { } machine && machine.StateSince <= readAt)
                    Reconcile(edit, machine, status, confirmedGone: status is null);
            }
        });
        await WaitBrieflyAsync(saved);
        return read.Count;
    }
}
