using System.Net.Mail;
using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.People;

public sealed partial class Roster
{
    private enum Change
    {
        Assign,
        Unassign,
        Reassign,
    }

    /// <summary>
    /// Sets a free machine aside for a student's e-mail and mails them: a personal invitation, whose link proves the
    /// address, or (when an account already proved it) a note that the machine is theirs.
    /// </summary>
    public Task<RosterResult> AssignAsync(Viewer viewer, Guid machineId, string studentEmail) =>
        ChangeAsync(viewer, machineId, Change.Assign, studentEmail);

    public Task<RosterResult> UnassignAsync(Viewer viewer, Guid machineId) =>
        ChangeAsync(viewer, machineId, Change.Unassign, null);

    /// <summary>Hands a machine that someone holds to another student.</summary>
    public Task<RosterResult> ReassignAsync(Viewer viewer, Guid machineId, string studentEmail) =>
        ChangeAsync(viewer, machineId, Change.Reassign, studentEmail);

    private async Task<RosterResult> ChangeAsync(Viewer viewer, Guid machineId, Change change, string? studentEmail)
    {
        var action = Enum.Parse<AuditAction>(change.ToString());
        var machine = monitor.FindMachine(machineId);
        var session = machine is null ? null : monitor.FindSession(machine.SessionId);
        var student = studentEmail?.Trim();
        var refusal = machine is null ? RosterMessages.NoMachine
            : RefusalFor(viewer, session)
            ?? (change != Change.Unassign && !IsEmail(student) ? RosterMessages.BadEmail : null);
        if (refusal is not null)
            return await RefuseAsync(viewer, action, session?.Name, machine?.Name, refusal);
        var (name, pool) = (machine!.Name, session!.Name);

        // Only an address already proven by its account is bound at once; any other stays pending until proven.
        var next = change == Change.Unassign ? null : student;
        var nextAccount = next is null ? null : await ConfirmedAccountOfAsync(next);
        string? before;
        await _gate.WaitAsync();
        try
        {
            await using var db = await factory.CreateDbContextAsync();
            var row = await db.Machines.AsNoTracking().SingleOrDefaultAsync(m => m.Id == machineId);
            before = row?.AssignedUser;
            refusal = row is null ? RosterMessages.NoMachine : Check(change, name, before, student);
            if (refusal is not null)
                return await RefuseAsync(viewer, action, pool, name, refusal);

            // Conditional: if someone else changed the machine meanwhile, nothing is overwritten.
            var beforeAccount = row!.AssignedUserId;
            var changed = await db.Machines
                .Where(m => m.Id == machineId && m.AssignedUser == before && m.AssignedUserId == beforeAccount)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.AssignedUser, next).SetProperty(m => m.AssignedUserId, nextAccount));
            if (changed == 0)
                return await RefuseAsync(viewer, action, pool, name, $"{name} changed meanwhile: try again.");
            ShowAssignment(machineId, next, nextAccount);
        }
        finally
        {
            _gate.Release();
        }

        var detail = change switch
        {
            Change.Assign => $"to {student}",
            Change.Unassign => $"was {before}",
            _ => $"from {before} to {student}",
        };
        await LogAsync(viewer.Name, action, pool, name, ActionOutcome.Succeeded, detail);
        var done = change switch
        {
            Change.Assign => $"{name} is assigned to {student}.",
            Change.Unassign => $"{name} is free again ({before} no longer holds it).",
            _ => $"{name} moved from {before} to {student}.",
        };
        if (next is null)
            return new RosterResult(ActionOutcome.Succeeded, done);
        var told = await TellAsync(viewer, session, name, next, nextAccount);
        return new RosterResult(ActionOutcome.Succeeded, $"{done} {told}");
    }

    // A machine holds at most one student: assigning never silently replaces anyone.
    private static string? Check(Change change, string machine, string? holder, string? student) => change switch
    {
        Change.Assign when holder is not null => $"{machine} is already assigned to {holder}: use Reassign to hand it over.",
        Change.Unassign when holder is null => $"{machine} is not assigned to anyone.",
        Change.Reassign when holder is null => $"{machine} is free: use Assign.",
        Change.Reassign when IsSamePerson(holder, student) => $"{machine} is already assigned to {student}.",
        _ => null,
    };

    private static bool IsEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 256
        && MailAddress.TryCreate(value, out var address) && address.Address == value;

    private async Task<RosterResult> RefuseAsync(Viewer viewer, AuditAction action, string? session, string? machine, string reason)
    {
        await LogAsync(viewer.Name, action, session, machine, ActionOutcome.Refused, reason);
        return new RosterResult(ActionOutcome.Refused, reason);
    }
}
