using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

// Machines added to a session after it was created (a copy made from a snapshot).
public sealed partial class SessionStore
{
    public async Task<bool> IsMachineNameTakenAsync(string machineName, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Machines.AnyAsync(m => m.Name == machineName, cancellationToken);
    }

    public Task AddMachineAsync(Machine machine, CancellationToken cancellationToken) => WriteAsync(db =>
    {
        db.Machines.Add(machine);
        return Task.CompletedTask;
    }, cancellationToken);
}
