using Dashboard.Core.Costs;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

public sealed partial class SessionStore
{
    /// <summary>
    /// A session's state changes after <paramref name="afterId"/>, in the order they happened. Ids grow with every
    /// write (one writer saves them in order), so a reader that keeps the last id reads each change once.
    /// </summary>
    public async Task<List<HistoryEntry>> StateHistoryAsync(string sessionName, long afterId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.StateChanges.AsNoTracking()
            .Where(c => c.SessionName == sessionName && c.Id > afterId)
            .OrderBy(c => c.Id)
            .Select(c => new HistoryEntry(c.Id, c.MachineId, c.From, c.To, c.At))
            .ToListAsync(cancellationToken);
    }
}
