using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.People;

/// <summary>The demo pool with some machines freed (the demo students hold all twelve), and the audit trail.</summary>
internal static class RosterKit
{
    public const string Pool = "python-workshop";

    /// <summary>A student's account as a viewer: its id is the lower-cased address, so both spellings name one account.</summary>
    public static Viewer Account(string email) => Viewer.For(email, Roles.Student) with { UserId = $"account:{email.ToLowerInvariant()}" };

    public static Roster Roster(this CoreHost core) => core.Services.GetRequiredService<Roster>();

    public static SessionView PoolSession(this CoreHost core) => core.Monitor.FindSession(Pool)!;

    public static MachineView Machine(this CoreHost core, int ordinal) =>
        core.PoolSession().Machines.Single(m => m.Ordinal == ordinal);

    /// <summary>Frees the pool's last <paramref name="count"/> machines and returns them.</summary>
    public static async Task<List<MachineView>> FreeMachinesAsync(this CoreHost core, int count)
    {
        var freed = core.PoolSession().Machines.OrderByDescending(m => m.Ordinal).Take(count).ToList();
        foreach (var machine in freed)
        {
            var result = await core.Roster().UnassignAsync(TestViewers.Instructor, machine.Id);
            Assert.True(result.Succeeded, result.Message);
        }

        return freed;
    }

    public static async Task<Invitation> InviteAsync(this CoreHost core, int seats, TimeSpan? expiresIn = null)
    {
        var result = await core.Roster().CreateInvitationAsync(TestViewers.Instructor, core.PoolSession().Id, seats,
            expiresIn ?? TimeSpan.FromDays(1));
        Assert.True(result.Succeeded, result.Message);
        return result.Invitation!;
    }

    public static async Task<string?> AssignedInDatabaseAsync(this CoreHost core, Guid machineId)
    {
        await using var db = core.CreateDbContext();
        return await db.Machines.Where(m => m.Id == machineId).Select(m => m.AssignedUser).SingleAsync();
    }

    public static async Task<List<ActionLogEntry>> AuditAsync(this CoreHost core, string action)
    {
        await using var db = core.CreateDbContext();
        return await db.ActionLog.AsNoTracking().Where(e => e.Action == Enum.Parse<AuditAction>(action)).OrderBy(e => e.Id).ToListAsync();
    }
}
