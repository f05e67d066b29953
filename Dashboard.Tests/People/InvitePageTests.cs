using System.Net;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.People;

/// <summary>The invitation link as a static page: what it says before anyone claims.</summary>
public sealed class InvitePageTests : IAsyncLifetime
{
    private readonly DashboardAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_visitor_sees_the_pool_its_seats_an_address_only_sign_up_form_and_a_sign_in_link()
    {
        var invitation = await InviteAsync(4);
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var html = await client.GetStringAsync($"/invite/{invitation.Token}");

        Assert.Contains("Join python-workshop", html, StringComparison.Ordinal);
        Assert.Contains("<strong data-seats-left>4</strong>", html, StringComparison.Ordinal);
        Assert.Contains(">Sign up</button>", html, StringComparison.Ordinal);
        // An open link asks only for the address: the password is chosen behind the mailed confirmation link.
        Assert.DoesNotContain("type=\"password\"", html, StringComparison.Ordinal);
        Assert.Contains($"/account/login?returnUrl=%2Finvite%2F{invitation.Token}", html, StringComparison.Ordinal);
        Assert.Contains("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_student_gets_a_claim_button_instead()
    {
        var invitation = await InviteAsync(1);
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, "new-student@example.org");
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, Roles.Student);

        var html = await client.GetStringAsync($"/invite/{invitation.Token}");

        Assert.Contains("Claim my machine", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Sign up</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_link_says_why_and_offers_no_form()
    {
        var invitation = await InviteAsync(1);
        await _app.Services.GetRequiredService<Roster>().RevokeInvitationAsync(TestViewers.Instructor, invitation.Id);
        using var client = _app.CreateClient();

        var html = await client.GetStringAsync($"/invite/{invitation.Token}");

        Assert.Contains(RosterMessages.Revoked, html, StringComparison.Ordinal);
        Assert.DoesNotContain(">Sign up</button>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_link_says_it_is_not_valid()
    {
        using var client = _app.CreateClient();

        using var response = await client.GetAsync($"/invite/{InvitationToken.New()}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(RosterMessages.NotFound, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<Dashboard.Core.Domain.Invitation> InviteAsync(int seats)
    {
        var roster = _app.Services.GetRequiredService<Roster>();
        var pool = _app.Services.GetRequiredService<Dashboard.Core.Live.SessionMonitor>().FindSession("python-workshop")!;
        var result = await roster.CreateInvitationAsync(Viewer.For(DemoData.Instructor, Roles.Instructor), pool.Id, seats, TimeSpan.FromDays(1));
        Assert.True(result.Succeeded, result.Message);
        return result.Invitation!;
    }
}
