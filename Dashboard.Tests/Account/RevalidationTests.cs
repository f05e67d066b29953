using Dashboard.Account;
using Dashboard.Core.People;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

public sealed class RevalidationTests
{
    [Fact]
    public async Task An_open_page_loses_its_sign_in_once_the_account_is_locked_out_or_its_stamp_changes()
    {
        await using var app = new DashboardAppFactory();
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<DashboardUser>>();
        var provider = (RevalidatingIdentityStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        var student = (await users.FindByEmailAsync("student03@demo.test"))!;
        var teacher = (await users.FindByEmailAsync("instructor@demo.test"))!;
        var studentPage = await signIn.CreateAsync(student);
        var teacherPage = await signIn.CreateAsync(teacher);

        Assert.True(await provider.IsStillValidAsync(studentPage));
        Assert.True(await provider.IsStillValidAsync(teacherPage));

        await users.SetLockoutEndDateAsync(student, DateTimeOffset.UtcNow.AddHours(1));
        await users.UpdateSecurityStampAsync(teacher);

        Assert.False(await provider.IsStillValidAsync(studentPage));
        Assert.False(await provider.IsStillValidAsync(teacherPage));
    }
}
