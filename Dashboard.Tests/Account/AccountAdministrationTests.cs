using Dashboard.Account;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

/// <summary>People and roles as admins manage them: checked on the server, audited, and felt at once by open pages.</summary>
public sealed class AccountAdministrationTests : IAsyncLifetime
{
    private static readonly Viewer Admin = Viewer.For("admin@demo.test", Roles.Admin);
    private readonly DashboardAppFactory _app = new();
    private AsyncServiceScope _scope;

    private AccountAdministration Accounts => _scope.ServiceProvider.GetRequiredService<AccountAdministration>();
    private UserManager<DashboardUser> Users => _scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();

    public Task InitializeAsync()
    {
        _scope = _app.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_list_shows_every_account_with_its_roles_to_admins_and_nothing_to_anyone_else()
    {
        var rows = await Accounts.ListAsync(Admin);

        Assert.Equal(15, rows.Count);
        Assert.Equal([Roles.Ops], rows.Single(r => r.Email == "ops@demo.test").Roles);
        Assert.Empty(await Accounts.ListAsync(Viewer.For("instructor@demo.test", Roles.Instructor)));
    }

    [Fact]
    public async Task A_role_change_replaces_the_roles_ends_open_pages_and_is_audited()
    {
        var ops = (await Users.FindByEmailAsync("ops@demo.test"))!;
        var openPage = await _scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>().CreateAsync(ops);
        var pages = (RevalidatingIdentityStateProvider)_scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        Assert.True(await pages.IsStillValidAsync(openPage));

        var result = await Accounts.SetRolesAsync(Admin, ops.Id, [Roles.Instructor]);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal([Roles.Instructor], await Users.GetRolesAsync((await Users.FindByIdAsync(ops.Id))!));
        Assert.False(await pages.IsStillValidAsync(openPage));
        Assert.Contains(await AuditAsync(), e => e is { Actor: "admin@demo.test", Action: AuditAction.ChangeRoles, Outcome: ActionOutcome.Succeeded }
            && e.Error == "ops@demo.test: Instructor");
    }

    [Fact]
    public async Task Locking_refuses_sign_in_ends_open_pages_and_unlocking_lets_the_person_back()
    {
        var student = (await Users.FindByEmailAsync("student08@demo.test"))!;
        var signIn = _scope.ServiceProvider.GetRequiredService<SignInManager<DashboardUser>>();

        Assert.True((await Accounts.LockAsync(Admin, student.Id)).Succeeded);
        Assert.True(await Users.IsLockedOutAsync((await Users.FindByIdAsync(student.Id))!));
        Assert.True((await Accounts.ListAsync(Admin)).Single(r => r.Id == student.Id).IsLocked(DateTimeOffset.UtcNow));
        Assert.True((await Accounts.UnlockAsync(Admin, student.Id)).Succeeded);

        Assert.False(await Users.IsLockedOutAsync((await Users.FindByIdAsync(student.Id))!));
        Assert.True(await signIn.CanSignInAsync((await Users.FindByIdAsync(student.Id))!));
        Assert.Equal([AuditAction.LockAccount, AuditAction.UnlockAccount],
            (await AuditAsync()).Where(e => e.Actor == "admin@demo.test").Select(e => e.Action));
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves()
    {
        var me = (await Users.FindByEmailAsync("admin@demo.test"))!;

        var result = await Accounts.LockAsync(Admin, me.Id);

        Assert.False(result.Succeeded);
        Assert.False(await Users.IsLockedOutAsync(me));
        Assert.Contains(await AuditAsync(), e => e is { Action: AuditAction.LockAccount, Outcome: ActionOutcome.Refused });
    }

    [Fact]
    public async Task The_last_admin_keeps_the_admin_role()
    {
        var me = (await Users.FindByEmailAsync("admin@demo.test"))!;

        var result = await Accounts.SetRolesAsync(Admin, me.Id, [Roles.Ops]);

        Assert.False(result.Succeeded);
        Assert.Contains("last admin", result.Message, StringComparison.Ordinal);
        Assert.Equal([Roles.Admin], await Users.GetRolesAsync(me));
    }

    [Fact]
    public async Task Someone_who_is_not_an_admin_is_refused_every_change_and_each_refusal_is_audited()
    {
        var instructor = Viewer.For("instructor@demo.test", Roles.Instructor);
        var student = (await Users.FindByEmailAsync("student09@demo.test"))!;

        var results = new[]
        {
            await Accounts.SetRolesAsync(instructor, student.Id, [Roles.Admin]),
            await Accounts.LockAsync(instructor, student.Id),
            await Accounts.UnlockAsync(instructor, student.Id),
        };

        Assert.All(results, r => Assert.False(r.Succeeded));
        Assert.Equal([Roles.Student], await Users.GetRolesAsync(student));
        Assert.Equal(3, (await AuditAsync()).Count(e => e is { Actor: "instructor@demo.test", Outcome: ActionOutcome.Refused }));
    }

    private async Task<List<ActionLogEntry>> AuditAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.Where(e => e.Action == AuditAction.ChangeRoles || e.Action == AuditAction.LockAccount || e.Action == AuditAction.UnlockAccount)
            .OrderBy(e => e.Id).ToListAsync();
    }
}
