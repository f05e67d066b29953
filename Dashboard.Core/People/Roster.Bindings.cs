using Dashboard.Core.Domain;
using Dashboard.Core.Mail;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.People;

public sealed partial class Roster
{
    /// <summary>
    /// A personal invitation's link, opened by the account whose address it was mailed to: every machine set aside
    /// for that address becomes the account's. The link, mailed there only, is the proof.
    /// </summary>
    public async Task<ClaimResult> TakeAsync(string token, Viewer student)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(student.UserId);
        await using var db = await factory.CreateDbContextAsync();
        var invitation = string.IsNullOrEmpty(token) || token.Length > Persistence.ColumnLimits.Token ? null
            : await db.Invitations.AsNoTracking().SingleOrDefaultAsync(i => i.Token == token);
        var refusal = invitation is not { IsPersonal: true } ? RosterMessages.NotFound
            : monitor.FindSession(invitation.SessionId) is null ? RosterMessages.SessionEnded
            : !IsSamePerson(invitation.Email, student.Name) ? RosterMessages.OtherAddress(invitation.Email!)
            : RosterMessages.ClosedReason(invitation, time.GetUtcNow());
        if (refusal is null)
        {
            var used = await db.Invitations.Where(i => i.Id == invitation!.Id && i.SeatsUsed < i.Seats && !i.Revoked)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.SeatsUsed, i => i.SeatsUsed + 1));
            refusal = used == 0 ? RosterMessages.PersonalUsed : null;
        }

        if (refusal is not null)
        {
            await LogAsync(student.Name, AuditAction.TakeAssignment, invitation?.SessionName, null, ActionOutcome.Refused, refusal);
            return new ClaimResult(OutcomeOf(refusal), refusal);
        }

        var bound = await BindPendingAsync(student);
        var here = bound.FirstOrDefault(b => b.SessionId == invitation!.SessionId);
        if (here is null)
        {
            await LogAsync(student.Name, AuditAction.TakeAssignment, invitation!.SessionName, null, ActionOutcome.Refused, RosterMessages.NothingPending);
            return new ClaimResult(ClaimOutcome.NoFreeMachine, RosterMessages.NothingPending);
        }

        return new ClaimResult(ClaimOutcome.Claimed, $"{here.Name} is yours.", here.Name);
    }

    /// <summary>
    /// Binds every machine set aside for the account's address to the account; called once the address is proven
    /// (a confirmation link or a personal invitation). Returns the machines bound.
    /// </summary>
    public async Task<IReadOnlyList<Machine>> BindPendingAsync(Viewer account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account.UserId);
        var bound = new List<Machine>();
        await _gate.WaitAsync();
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            var pending = await db.Machines.AsNoTracking().Where(m => m.AssignedUserId == null && m.AssignedUser != null).ToListAsync();
            foreach (var machine in pending.Where(m => IsSamePerson(m.AssignedUser, account.Name)))
            {
                var changed = await db.Machines
                    .Where(m => m.Id == machine.Id && m.AssignedUserId == null && m.AssignedUser == machine.AssignedUser)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedUserId, account.UserId));
                if (changed == 0)
                    continue;
                ShowAssignment(machine.Id, machine.AssignedUser, account.UserId);
                bound.Add(machine);
            }
        }
        finally
        {
            _gate.Release();
        }

        foreach (var machine in bound)
        {
            var session = monitor.FindSession(machine.SessionId)?.Name;
            await LogAsync(account.Name, AuditAction.TakeAssignment, session, machine.Name, ActionOutcome.Succeeded, null);
        }

        return bound;
    }

    /// <summary>The account that proved it owns the address, or null (none, or not confirmed yet).</summary>
    private async Task<string?> ConfirmedAccountOfAsync(string email)
    {
        var normalized = email.ToUpperInvariant();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized && u.EmailConfirmed)
            .Select(u => u.Id).FirstOrDefaultAsync();
    }

    /// <summary>Mails the student about a machine set aside for them; says in the result whether it left.</summary>
    private async Task<string> TellAsync(Viewer viewer, SessionView session, string machine, string student, string? account)
    {
        OutgoingMail message;
        if (account is not null)
        {
            message = PeopleMails.MachineAssigned(student, session.Name, machine, site.Link("/account/login?returnUrl=%2Fmy"));
        }
        else
        {
            var invitation = await NewPersonalInvitationAsync(viewer, session, student);
            message = PeopleMails.PersonalInvitation(student, session.Name, machine, site.Link($"/invite/{invitation.Token}"));
        }

        var sent = await mail.SendAsync(message);
        await LogAsync(viewer.Name, AuditAction.SendInvitation, session.Name, machine,
            sent.Sent ? ActionOutcome.Succeeded : ActionOutcome.Failed, sent.Sent ? $"to {student}" : sent.Problem);
        if (!sent.Sent)
            return $"No mail could be sent to {student}: {sent.Problem}";
        return account is not null
            ? $"{student} already has an account and was told by mail."
            : $"A personal invitation was mailed to {student}; the machine is theirs once they follow its link.";
    }

    private async Task<Invitation> NewPersonalInvitationAsync(Viewer viewer, SessionView session, string student)
    {
        var now = time.GetUtcNow();
        var invitation = new Invitation
        {
            Token = InvitationToken.New(),
            SessionId = session.Id,
            SessionName = session.Name,
            CreatedBy = viewer.Name,
            CreatedAt = now,
            ExpiresAt = now + LongestExpiry,
            Seats = 1,
            Email = student,
        };
        await using var db = await factory.CreateDbContextAsync();
        db.Invitations.Add(invitation);
        await db.SaveChangesAsync();
        return invitation;
    }
}
