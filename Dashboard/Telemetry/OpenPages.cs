using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Dashboard.Telemetry;

/// <summary>Counts open pages: every interactive page is one Blazor circuit, from its opening to its closing.</summary>
public sealed class OpenPages : CircuitHandler
{
    private int _open;

    public int Count => Volatile.Read(ref _open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }
}
