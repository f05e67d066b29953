using Dashboard.Core.Domain;

namespace Dashboard.Core.Spot;

/// <summary>
/// Back to Spot: a machine that fell back to regular priority, in a session that asks for it, is created on Spot again
/// once it has run long enough at regular priority and no capacity cooldown holds its size. A try that finds no
/// capacity leaves it at regular priority, starts the cooldown, and the next try waits as long again.
/// </summary>
public sealed partial class SpotRecoverer
{
    private readonly Dictionary<Guid, DateTimeOffset> _nextReturn = [];

    private void ScanReturns(DateTimeOffset now)
    {
        foreach (var session in monitor.Sessions.Where(s => s.SpotRecovery is { Mode: SpotRecovery.Recreate, ReturnAfterMinutes: not null }))
        {
            var wait = TimeSpan.FromMinutes(session.SpotRecovery.ReturnAfterMinutes!.Value);
            foreach (var machine in session.Machines.Where(m => m is { FellBackFromSpot: true, Priority: MachinePriority.Regular, State: MachineState.Running, IsBusy: false }))
            {
                lock (_gate)
                {
                    if (now - machine.StateSince < wait || _nextReturn.GetValueOrDefault(machine.Id) > now || CooldownOf(machine) > now)
                        continue;
                    _nextReturn[machine.Id] = now + wait;
                }

                Track(ReturnAsync(session, machine));
            }
        }
    }

    private async Task ReturnAsync(SessionView session, MachineView machine)
    {
        Raise(session, machine, SpotEventKind.RecoveryStarted, $"Back to Spot: creating {machine.Name} again on Spot after {DisplayText.Duration(time.GetUtcNow() - machine.StateSince)} at regular priority.");
        var result = await commands.ReturnToSpotAsync(machine.Id, Recovery);
        if (result.Succeeded)
        {
            lock (_gate)
                _nextReturn.Remove(machine.Id);
            Raise(session, machine, SpotEventKind.BackToSpot, result.Message);
            return;
        }

        if (result.Message.Contains("capacity", StringComparison.OrdinalIgnoreCase))
        {
            lock (_gate)
                _cooldowns[CooldownKey(machine)] = time.GetUtcNow() + TimeSpan.FromMinutes(Options.CapacityCooldownMinutes);
        }

        Raise(session, machine, SpotEventKind.RecoveryFailed, result.Message);
    }
}
