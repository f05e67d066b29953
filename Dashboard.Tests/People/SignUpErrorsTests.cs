using Dashboard.Core.People;
using Dashboard.People;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.People;

/// <summary>Identity's real refusals of a sign-up, as the invitation page words them.</summary>
public sealed class SignUpErrorsTests
{
    [Fact]
    public async Task A_weak_password_is_refused_with_every_missing_rule_in_plain_words()
    {
        await using var core = await CoreHost.StartAsync();
        using var scope = core.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var rules = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.Password;

        var result = await users.CreateAsync(new DashboardUser { UserName = "weak@example.org", Email = "weak@example.org" }, "short");

        Assert.Equal(
            [
                "The password is too short: use at least 10 characters.",
                "The password needs a symbol, such as ! or #.",
                "The password needs a digit (0–9).",
                "The password needs a capital letter (A–Z).",
            ],
            SignUpErrors.InPlainWords(result.Errors, rules));
    }

    [Fact]
    public async Task An_address_that_already_has_an_account_is_told_to_sign_in_once()
    {
        await using var core = await CoreHost.StartAsync();
        using var scope = core.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var rules = scope.ServiceProvider.GetRequiredService<IOptions<IdentityOptions>>().Value.Password;
        var taken = Dashboard.Core.Setup.DemoData.Student(1);

        var result = await users.CreateAsync(new DashboardUser { UserName = taken, Email = taken }, "Valid-pass-2026!");

        Assert.Equal(["An account with this e-mail already exists: sign in instead."], SignUpErrors.InPlainWords(result.Errors, rules));
    }
}
