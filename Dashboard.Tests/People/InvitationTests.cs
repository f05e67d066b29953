using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Tests.People;

public sealed class InvitationTests
{
    [Fact]
    public async Task The_owner_creates_an_invitation_with_an_unguessable_url_safe_token_and_it_is_audited()
    {
        await using var core = await CoreHost.StartAsync();
        var before = DateTimeOffset.UtcNow;

        var result = await core.Roster().CreateInvitationAsync(TestViewers.Instructor, core.PoolSession().Id, 5, TimeSpan.FromDays(2));

        Assert.True(result.Succeeded, result.Message);
        var invitation = result.Invitation!;
        Assert.Matches("^[A-Za-z0-9_-]{43}$", invitation.Token);
        Assert.Equal((RosterKit.Pool, 5, 0, false, TestViewers.Instructor.Name),
            (invitation.SessionName, invitation.Seats, invitation.SeatsUsed, invitation.Revoked, invitation.CreatedBy));
        Assert.InRange(invitation.ExpiresAt - before, TimeSpan.FromDays(2), TimeSpan.FromDays(2).Add(TimeSpan.FromMinutes(1)));
        await using var db = core.CreateDbContext();
        Assert.True(await db.Invitations.AnyAsync(i => i.Token == invitation.Token));
        var entry = Assert.Single(await core.AuditAsync("CreateInvitation"));
        Assert.Equal((TestViewers.Instructor.Name, RosterKit.Pool, ActionOutcome.Succeeded), (entry.Actor, entry.SessionName, entry.Outcome));
    }

    [Fact]
    public async Task Two_invitations_never_share_a_token()
    {
        await using var core = await CoreHost.StartAsync();

        var first = await core.InviteAsync(1);
        var second = await core.InviteAsync(1);

        Assert.NotEqual(first.Token, second.Token);
    }

    [Fact]
    public async Task An_admin_may_invite_to_any_pool()
    {
        await using var core = await CoreHost.StartAsync();

        var result = await core.Roster().CreateInvitationAsync(TestViewers.Admin, core.PoolSession().Id, 1, TimeSpan.FromHours(1));

        Assert.True(result.Succeeded, result.Message);
    }

    public static TheoryData<string> Outsiders => ["other-instructor", "ops", "student"];

    [Theory]
    [MemberData(nameof(Outsiders))]
    public async Task Someone_who_does_not_own_the_pool_is_refused_and_the_refusal_is_audited(string who)
    {
        await using var core = await CoreHost.StartAsync();
        var viewer = ViewerNamed(who);

        var result = await core.Roster().CreateInvitationAsync(viewer, core.PoolSession().Id, 3, TimeSpan.FromDays(1));

        Assert.Equal((ActionOutcome.Refused, RosterMessages.NotAllowed), (result.Outcome, result.Message));
        Assert.Null(result.Invitation);
        await using var db = core.CreateDbContext();
        Assert.False(await db.Invitations.AnyAsync());
        var entry = Assert.Single(await core.AuditAsync("CreateInvitation"));
        Assert.Equal((viewer.Name, ActionOutcome.Refused, RosterMessages.NotAllowed), (entry.Actor, entry.Outcome, entry.Error));
    }

    [Fact]
    public async Task Only_machine_pools_take_invitations()
    {
        await using var core = await CoreHost.StartAsync();
        var lab = core.Monitor.FindSession("desktop-lab")!;

        var result = await core.Roster().CreateInvitationAsync(TestViewers.Instructor, lab.Id, 1, TimeSpan.FromDays(1));

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal("Invitations are for Machine Pool sessions: desktop-lab is a Virtual Lab.", result.Message);
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(501, 24)]
    [InlineData(1, 0.5)]
    [InlineData(1, 24 * 31)]
    public async Task Seats_outside_1_to_500_and_expiry_outside_1_hour_to_30_days_are_refused(int seats, double hours)
    {
        await using var core = await CoreHost.StartAsync();

        var result = await core.Roster().CreateInvitationAsync(TestViewers.Instructor, core.PoolSession().Id, seats, TimeSpan.FromHours(hours));

        Assert.Equal(ActionOutcome.Refused, result.Outcome);
        Assert.Equal(seats is < 1 or > 500 ? RosterMessages.Seats(500) : RosterMessages.Expiry, result.Message);
    }

    [Fact]
    public async Task A_revoked_invitation_shows_why_and_only_the_owner_may_revoke()
    {
        await using var core = await CoreHost.StartAsync();
        var invitation = await core.InviteAsync(2);

        var refused = await core.Roster().RevokeInvitationAsync(TestViewers.OtherInstructor, invitation.Id);
        var revoked = await core.Roster().RevokeInvitationAsync(TestViewers.Instructor, invitation.Id);

        Assert.Equal((ActionOutcome.Refused, RosterMessages.NotAllowed), (refused.Outcome, refused.Message));
        Assert.True(revoked.Succeeded, revoked.Message);
        var status = await core.Roster().StatusAsync(invitation.Token);
        Assert.Equal((RosterKit.Pool, 2, RosterMessages.Revoked), (status!.SessionName, status.SeatsLeft, status.ClosedReason));
        Assert.Equal([ActionOutcome.Refused, ActionOutcome.Succeeded], (await core.AuditAsync("RevokeInvitation")).Select(e => e.Outcome));
    }

    [Fact]
    public async Task The_invitations_of_a_pool_are_listed_for_its_owner_and_for_nobody_else()
    {
        await using var core = await CoreHost.StartAsync();
        var first = await core.InviteAsync(1);
        var second = await core.InviteAsync(2);
        var pool = core.PoolSession().Id;

        var owner = await core.Roster().InvitationsAsync(TestViewers.Instructor, pool);
        var other = await core.Roster().InvitationsAsync(TestViewers.OtherInstructor, pool);

        Assert.Equal([second.Token, first.Token], owner.Select(i => i.Token));
        Assert.Empty(other);
    }

    [Fact]
    public async Task An_unknown_token_has_no_status()
    {
        await using var core = await CoreHost.StartAsync();

        Assert.Null(await core.Roster().StatusAsync(InvitationToken.New()));
    }

    internal static Dashboard.Core.People.Viewer ViewerNamed(string who) => who switch
    {
        "other-instructor" => TestViewers.OtherInstructor,
        "ops" => TestViewers.Ops,
        _ => TestViewers.Student(1),
    };
}
