using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.People;

namespace Dashboard.Components.People;

/// <summary>A student's home: their machines, live, each with Start/Stop where allowed and Connect.</summary>
public sealed partial class MyMachines
{
    private readonly Dictionary<Guid, SessionView> _sessions = [];
    private List<(SessionView Session, MachineView Machine)> _machines = [];
    private bool _loaded;

    protected override async Task OnInitializedAsync()
    {
        await WatchAsync(follow: viewer => viewer.IsStudent);
        _loaded = true;
    }

    protected override Task OnChangesAsync(IReadOnlyList<SessionChange> changes)
    {
        foreach (var change in changes)
        {
            if (change.Kind == SessionChangeKind.Remove)
                _sessions.Remove(change.Session.Id);
            else
                Show(change.Session);
        }

        _machines =
        [
            .. _sessions.Values.OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal)
                .SelectMany(s => s.Machines.Select(m => (s, m))),
        ];
        return Task.CompletedTask;
    }

    // VisiblePart is the gate; the account filter keeps this page to "mine" for someone who also holds another role.
    private void Show(SessionView session)
    {
        var visible = AccessPolicy.VisiblePart(Viewer, session);
        var mine = visible?.Machines.Where(m => Viewer.Holds(m.AssignedUserId)).ToList() ?? [];
        if (mine.Count == 0)
            _sessions.Remove(session.Id);
        else
            _sessions[session.Id] = visible! with { Machines = [.. mine] };
    }
}
