using Dashboard.Core.Domain;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Tests.Support;

/// <summary>A hub connection that keeps every SessionChanged it receives.</summary>
public sealed class RecordingHubClient
{
    private readonly List<SessionView> _received = [];

    public RecordingHubClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<SessionView>("SessionChanged", session =>
        {
            lock (_received)
                _received.Add(session);
        });
    }

    public HubConnection Connection { get; }

    public List<SessionView> Snapshot()
    {
        lock (_received)
            return [.. _received];
    }

    public bool Saw(string machine, MachineState state) =>
        Snapshot().Any(s => s.Machines.Any(m => m.Name == machine && m.State == state));
}
