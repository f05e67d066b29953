namespace Dashboard.Core.Spot;

/// <summary>What is being recovered and which capacity cooldowns run, as the polling server (which recovers) sees it.</summary>
public sealed record RecoverySnapshot(IReadOnlyList<RecoveryStatus> Recovering, IReadOnlyDictionary<string, DateTimeOffset> Cooldowns);

// Only the polling server recovers; every other server shows its cases and cooldowns, which it sends when they change.
public sealed partial class SpotRecoverer
{
    private RecoverySnapshot? _peerView;
    private string _lastSignature = "";

    /// <summary>Cases or cooldowns changed here (pages re-render; with several servers the others are told).</summary>
    public event Action<RecoverySnapshot>? Changed;

    /// <summary>The leader's cases and cooldowns, shown here while this server does not recover.</summary>
    public void ApplyPeer(RecoverySnapshot snapshot)
    {
        lock (_gate)
            _peerView = snapshot;
        Changed?.Invoke(snapshot);
    }

    /// <summary>This server's own view while it recovers; the leader's (from its last message) otherwise.</summary>
    private RecoverySnapshot? PeerViewIfFollower()
    {
        if (leadership.IsLeader)
            return null;
        lock (_gate)
            return _peerView;
    }

    // A signature of what the Spot page shows, so a scan that changed nothing tells nobody.
    private void NotifyIfChanged()
    {
        RecoverySnapshot snapshot;
        string signature;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            snapshot = new RecoverySnapshot([.. _cases.Values.Select(c => c.Status)],
                _cooldowns.Where(c => c.Value > now).ToDictionary(c => c.Key, c => c.Value));
            signature = string.Join("|", snapshot.Recovering.Select(r => $"{r.MachineId}:{r.Failures}:{r.Steps.Count}:{r.NextAttemptAt.UtcTicks}"))
                + "#" + string.Join("|", snapshot.Cooldowns.Select(c => $"{c.Key}:{c.Value.UtcTicks}"));
            if (signature == _lastSignature)
                return;
            _lastSignature = signature;
        }

        Changed?.Invoke(snapshot);
    }
}
