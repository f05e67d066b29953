using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.People;

public sealed class ClaimTests
{
    private const string Newcomer = "newcomer@example.org";

    [Fact]
    public async Task Claiming_gives_the_student_a_free_machine_everywhere_and_uses_one_seat()
    {
        await using var core = await CoreHost.StartAsync();
        var free = await core.FreeMachinesAsync(1);
        var invitation = await core.InviteAsync(3);

        var result = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));

        Assert.Equal(ClaimOutcome.Claimed, result.Outcome);
        Assert.Equal(free[0].Name, result.MachineName);
        Assert.Equal(Newcomer, core.Monitor.FindMachine(free[0].Id)!.AssignedUser);
        Assert.Equal(Newcomer, await core.AssignedInDatabaseAsync(free[0].Id));
        await using var db = core.CreateDbContext();
        Assert.Equal(1, (await db.Invitations.SingleAsync()).SeatsUsed);
        var entry = Assert.Single(await core.AuditAsync("ClaimSeat"));
        Assert.Equal((Newcomer, RosterKit.Pool, free[0].Name, ActionOutcome.Succeeded),
            (entry.Actor, entry.SessionName, entry.MachineName, entry.Outcome));
    }

    [Fact]
    public async Task A_student_sees_the_claimed_machine_and_only_it()
    {
        await using var core = await CoreHost.StartAsync();
        var free = await core.FreeMachinesAsync(2);
        var invitation = await core.InviteAsync(2);

        await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));

        var student = RosterKit.Account(Newcomer);
        var visible = AccessPolicy.VisiblePart(student, core.PoolSession());
        Assert.Single(visible!.Machines);
        Assert.Contains(visible.Machines[0].Id, free.Select(m => m.Id));
    }

    [Fact]
    public async Task Claiming_again_returns_the_same_machine_and_uses_no_second_seat()
    {
        await using var core = await CoreHost.StartAsync();
        await core.FreeMachinesAsync(2);
        var invitation = await core.InviteAsync(2);

        var first = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));
        var second = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account("NewComer@Example.org"));

        Assert.Equal(ClaimOutcome.AlreadyHeld, second.Outcome);
        Assert.Equal(first.MachineName, second.MachineName);
        Assert.Single(core.PoolSession().Machines, m => string.Equals(m.AssignedUser, Newcomer, StringComparison.OrdinalIgnoreCase));
        await using var db = core.CreateDbContext();
        Assert.Equal(1, (await db.Invitations.SingleAsync()).SeatsUsed);
    }

    [Fact]
    public async Task Ten_students_claiming_at_once_a_three_seat_invitation_get_three_different_machines()
    {
        await using var core = await CoreHost.StartAsync();
        var free = await core.FreeMachinesAsync(5);
        var invitation = await core.InviteAsync(3);

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => core.Roster().ClaimAsync(invitation.Token, RosterKit.Account($"racer{i}@example.org")))));

        var claimed = results.Where(r => r.Outcome == ClaimOutcome.Claimed).ToList();
        Assert.Equal(3, claimed.Count);
        Assert.Equal(3, claimed.Select(r => r.MachineName).Distinct().Count());
        Assert.All(results.Except(claimed), r => Assert.Equal(ClaimOutcome.NoSeatsLeft, r.Outcome));
        var holders = core.PoolSession().Machines.Where(m => free.Any(f => f.Id == m.Id) && m.AssignedUser is not null).ToList();
        Assert.Equal(3, holders.Count);
        Assert.Equal(3, holders.Select(m => m.AssignedUser).Distinct().Count());
        await using var db = core.CreateDbContext();
        Assert.Equal(3, (await db.Invitations.SingleAsync()).SeatsUsed);
        Assert.Equal(3, await db.Machines.CountAsync(m => m.AssignedUser != null && m.AssignedUser.StartsWith("racer")));
    }

    [Fact]
    public async Task When_machines_run_out_before_seats_the_rest_are_told_that_none_is_free()
    {
        await using var core = await CoreHost.StartAsync();
        await core.FreeMachinesAsync(3);
        var invitation = await core.InviteAsync(10);

        var results = await Task.WhenAll(Enumerable.Range(1, 10).Select(i =>
            Task.Run(() => core.Roster().ClaimAsync(invitation.Token, RosterKit.Account($"racer{i}@example.org")))));

        Assert.Equal(3, results.Count(r => r.Outcome == ClaimOutcome.Claimed));
        Assert.Equal(3, results.Where(r => r.Succeeded).Select(r => r.MachineName).Distinct().Count());
        Assert.All(results.Where(r => !r.Succeeded), r =>
            Assert.Equal((ClaimOutcome.NoFreeMachine, "All machines of this pool are taken: ask your instructor."), (r.Outcome, r.Message)));
        Assert.All(core.PoolSession().Machines, m => Assert.NotNull(m.AssignedUser));
        await using var db = core.CreateDbContext();
        Assert.Equal(3, (await db.Invitations.SingleAsync()).SeatsUsed);
        Assert.Equal(7, (await core.AuditAsync("ClaimSeat")).Count(e => e.Outcome == ActionOutcome.Refused));
    }

    [Fact]
    public async Task An_expired_invitation_gives_out_nothing()
    {
        await using var core = await CoreHost.StartAsync();
        var free = await core.FreeMachinesAsync(1);
        var invitation = await core.InviteAsync(1);
        await using (var db = core.CreateDbContext())
        {
            await db.Invitations.ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        var result = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));

        Assert.Equal((ClaimOutcome.Expired, RosterMessages.Expired), (result.Outcome, result.Message));
        Assert.Null(core.Monitor.FindMachine(free[0].Id)!.AssignedUser);
        Assert.Equal(RosterMessages.Expired, (await core.Roster().StatusAsync(invitation.Token))!.ClosedReason);
        var entry = Assert.Single(await core.AuditAsync("ClaimSeat"));
        Assert.Equal((ActionOutcome.Refused, RosterMessages.Expired), (entry.Outcome, entry.Error));
    }

    [Fact]
    public async Task A_revoked_invitation_gives_out_nothing()
    {
        await using var core = await CoreHost.StartAsync();
        var free = await core.FreeMachinesAsync(1);
        var invitation = await core.InviteAsync(1);
        await core.Roster().RevokeInvitationAsync(TestViewers.Instructor, invitation.Id);

        var result = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));

        Assert.Equal((ClaimOutcome.Revoked, RosterMessages.Revoked), (result.Outcome, result.Message));
        Assert.Null(core.Monitor.FindMachine(free[0].Id)!.AssignedUser);
    }

    [Fact]
    public async Task A_full_invitation_gives_out_nothing_even_with_machines_free()
    {
        await using var core = await CoreHost.StartAsync();
        await core.FreeMachinesAsync(2);
        var invitation = await core.InviteAsync(1);
        await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account("first@example.org"));

        var result = await core.Roster().ClaimAsync(invitation.Token, RosterKit.Account(Newcomer));

        Assert.Equal((ClaimOutcome.NoSeatsLeft, RosterMessages.NoSeatsLeft), (result.Outcome, result.Message));
        var status = await core.Roster().StatusAsync(invitation.Token);
        Assert.Equal((0, RosterMessages.NoSeatsLeft), (status!.SeatsLeft, status.ClosedReason));
    }

    [Fact]
    public async Task An_unknown_token_is_refused_in_plain_words()
    {
        await using var core = await CoreHost.StartAsync();

        var result = await core.Roster().ClaimAsync(InvitationToken.New(), RosterKit.Account(Newcomer));

        Assert.Equal((ClaimOutcome.NotFound, RosterMessages.NotFound), (result.Outcome, result.Message));
    }
}
