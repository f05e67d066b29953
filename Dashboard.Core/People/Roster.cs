using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Live;
using Dashboard.Core.Mail;
using Dashboard.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.People;

/// <summary>
/// Who holds which machine of a pool: invitations, claims, assignments and the roster export. Every change is checked
/// with <see cref="AccessPolicy"/>, written to the database, then shown live by the monitor, and audited (refusals too).
/// A machine is held by an account id; an e-mail an instructor typed stays pending until its owner proves it by a link.
/// </summary>
public sealed partial class Roster(
    IDbContextFactory<DashboardDbContext> factory,
    SessionMonitor monitor,
    AuditLog audit,
    IMailSender mail,
    SiteAddress site,
    TimeProvider time)
{
    public const int MaxSeats = 500;
    public static readonly TimeSpan ShortestExpiry = TimeSpan.FromHours(1);
    public static readonly TimeSpan LongestExpiry = TimeSpan.FromDays(30);

    // One roster change at a time in this process, so the live view changes in the order the database did.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<InvitationResult> CreateInvitationAsync(Viewer viewer, Guid sessionId, int seats, TimeSpan expiresIn)
    {
        const AuditAction action = AuditAction.CreateInvitation;
        var session = monitor.FindSession(sessionId);
        var refusal = RefusalFor(viewer, session)
            ?? (session!.Kind != FormationKind.MachinePool ? RosterMessages.OnlyPools(session)
            : seats is < 1 or > MaxSeats ? RosterMessages.Seats(MaxSeats)
            : expiresIn < ShortestExpiry || expiresIn > LongestExpiry ? RosterMessages.Expiry
            : null);
        if (refusal is not null)
        {
            await LogAsync(viewer.Name, action, session?.Name, null, ActionOutcome.Refused, refusal);
            return new InvitationResult(ActionOutcome.Refused, refusal);
        }

        var now = time.GetUtcNow();
        var invitation = new Invitation
        {
            Token = InvitationToken.New(),
            SessionId = session!.Id,
            SessionName = session.Name,
            CreatedBy = viewer.Name,
            CreatedAt = now,
            ExpiresAt = now + expiresIn,
            Seats = seats,
        };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync();
        }

        var summary = $"{seats} seat(s), valid until {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC";
        await LogAsync(viewer.Name, action, session.Name, null, ActionOutcome.Succeeded, summary);
        return new InvitationResult(ActionOutcome.Succeeded, $"Invitation created: {summary}.", invitation);
    }

    public async Task<RosterResult> RevokeInvitationAsync(Viewer viewer, Guid invitationId)
    {
        const AuditAction action = AuditAction.RevokeInvitation;
        await using var db = await factory.CreateDbContextAsync();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId);
        var session = invitation is null ? null : monitor.FindSession(invitation.SessionId);
        var refusal = invitation is null ? RosterMessages.NotFound
            : RefusalFor(viewer, session) ?? (invitation.Revoked ? "This invitation was already withdrawn." : null);
        if (refusal is not null)
        {
            await LogAsync(viewer.Name, action, invitation?.SessionName, null, ActionOutcome.Refused, refusal);
            return new RosterResult(ActionOutcome.Refused, refusal);
        }

        invitation!.Revoked = true;
        await db.SaveChangesAsync();
        await LogAsync(viewer.Name, action, invitation.SessionName, null, ActionOutcome.Succeeded, null);
        return new RosterResult(ActionOutcome.Succeeded, "Invitation withdrawn: its link no longer gives out machines.");
    }

    /// <summary>A session's invitations, newest first; none for someone who may not manage its people.</summary>
    public async Task<IReadOnlyList<Invitation>> InvitationsAsync(Viewer viewer, Guid sessionId)
    {
        if (RefusalFor(viewer, monitor.FindSession(sessionId)) is not null)
            return [];
        await using var db = await factory.CreateDbContextAsync();
        // Personal invitations belong to roster rows, not to the list of links an instructor hands out.
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.SessionId == sessionId && i.Email == null).ToListAsync();
        return [.. invitations.OrderByDescending(i => i.CreatedAt)];
    }

    /// <summary>What the link shows before anyone claims: the token is the only credential needed.</summary>
    public async Task<InvitationStatus?> StatusAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64)
            return null;
        await using var db = await factory.CreateDbContextAsync();
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Token == token);
        if (invitation is null)
            return null;
        var reason = monitor.FindSession(invitation.SessionId) is null
            ? RosterMessages.SessionEnded
            : RosterMessages.ClosedReason(invitation, time.GetUtcNow());
        return new InvitationStatus(invitation.SessionName, Math.Max(0, invitation.Seats - invitation.SeatsUsed), invitation.ExpiresAt, reason)
        {
            PersonalEmail = invitation.Email,
        };
    }

    /// <summary>
    /// Gives the student's account a free machine of an open invitation's pool, or the one it already holds there.
    /// Never one assigned to an e-mail: those wait for a personal invitation or a confirmed address.
    /// </summary>
    public async Task<ClaimResult> ClaimAsync(string token, Viewer student)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(student.Name);
        ArgumentException.ThrowIfNullOrWhiteSpace(student.UserId);
        Claim claim;
        await _gate.WaitAsync();
        try
        {
            claim = await ClaimInTransactionAsync(token ?? "", student);
            if (claim.MachineId is { } machineId)
                ShowAssignment(machineId, student.Name, student.UserId);
        }
        finally
        {
            _gate.Release();
        }

        var result = claim.Result;
        await LogAsync(student.Name, AuditAction.ClaimSeat, claim.SessionName, result.MachineName,
            result.Succeeded ? ActionOutcome.Succeeded : ActionOutcome.Refused, result.Succeeded ? null : result.Message);
        return result;
    }

    private sealed record Claim(ClaimResult Result, string? SessionName, Guid? MachineId = null);

    private async Task<Claim> ClaimInTransactionAsync(string token, Viewer student)
    {
        await using var db = await factory.CreateDbContextAsync();
        // A retrying strategy (SQL Server) replays the whole transaction after a transient fault, never half of it.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(() => ClaimAsync(db, token, student));
    }

    private async Task<Claim> ClaimAsync(DashboardDbContext db, string token, Viewer student)
    {
        // On SQLite this takes the write lock at once (BEGIN IMMEDIATE): claims queue instead of racing.
        await using var transaction = await db.Database.BeginTransactionAsync();
        var invitation = await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Token == token);
        if (invitation is null)
            return new Claim(new ClaimResult(ClaimOutcome.NotFound, RosterMessages.NotFound), null);
        var name = invitation.SessionName;
        if (invitation.IsPersonal)
            return new Claim(new ClaimResult(ClaimOutcome.NotFound, RosterMessages.PersonalNotOpen), name);
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == invitation.SessionId);
        if (session is null || session.EndedAt is not null)
            return new Claim(new ClaimResult(ClaimOutcome.SessionEnded, RosterMessages.SessionEnded), name);

        var machines = await db.Machines.AsNoTracking().Where(m => m.SessionId == session.Id).ToListAsync();
        if (machines.FirstOrDefault(m => student.Holds(m.AssignedUserId)) is { } held)
            return new Claim(new ClaimResult(ClaimOutcome.AlreadyHeld, $"You already have {held.Name} in {name}.", held.Name), name);
        if (RosterMessages.ClosedReason(invitation, time.GetUtcNow()) is { } closed)
            return new Claim(new ClaimResult(OutcomeOf(closed), closed), name);

        foreach (var free in machines.Where(m => m.AssignedUser is null).OrderBy(Preference).ThenBy(m => m.Ordinal))
        {
            // Conditional updates: neither a machine nor a seat is given twice, whoever else writes to the database.
            var taken = await db.Machines.Where(m => m.Id == free.Id && m.AssignedUser == null && m.AssignedUserId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedUser, student.Name).SetProperty(m => m.AssignedUserId, student.UserId));
            if (taken == 0)
                continue;
            var seated = await db.Invitations.Where(i => i.Id == invitation.Id && i.SeatsUsed < i.Seats && !i.Revoked)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsUsed, i => i.SeatsUsed + 1));
            if (seated == 0)
                return new Claim(new ClaimResult(ClaimOutcome.NoSeatsLeft, RosterMessages.NoSeatsLeft), name);
            await transaction.CommitAsync();
            return new Claim(new ClaimResult(ClaimOutcome.Claimed, $"{free.Name} is yours.", free.Name), name, free.Id);
        }

        return new Claim(new ClaimResult(ClaimOutcome.NoFreeMachine, RosterMessages.NoFreeMachine), name);
    }

    private static ClaimOutcome OutcomeOf(string closedReason) => closedReason switch
    {
        RosterMessages.Revoked => ClaimOutcome.Revoked,
        RosterMessages.Expired => ClaimOutcome.Expired,
        _ => ClaimOutcome.NoSeatsLeft,
    };

    // A running machine first: the student can start working at once.
    private static int Preference(Machine machine) => machine.State switch
    {
        MachineState.Running => 0,
        MachineState.Failed or MachineState.Evicted or MachineState.Deleting => 2,
        _ => 1,
    };

    private static bool IsSamePerson(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Shows a machine's holder everywhere at once; the database already has it.</summary>
    private void ShowAssignment(Guid machineId, string? email, string? accountId) => _ = monitor.Edit(edit =>
    {
        if (edit.Machine(machineId) is { } machine && (machine.AssignedUser != email || machine.AssignedUserId != accountId))
            edit.Put(machine with { AssignedUser = email, AssignedUserId = accountId });
    });

    private static string? RefusalFor(Viewer viewer, SessionView? session) =>
        session is null ? RosterMessages.NoSession
        : AccessPolicy.CanManagePeople(viewer, session) ? null
        : RosterMessages.NotAllowed;

    private Task LogAsync(string actor, AuditAction action, string? session, string? machine, ActionOutcome outcome, string? error) =>
        audit.RecordAsync(actor, action, outcome, session, machine, error);
}
