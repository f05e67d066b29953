using System.Net;
using Bunit;
using Dashboard.Components.People;
using Dashboard.Core.Live;
using Dashboard.Core.Mail;
using Dashboard.Core.People;
using Dashboard.Tests.People;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Tests.Mail;

/// <summary>The demo without a mail server: mails land in a local outbox that only admins may read.</summary>
public sealed class OutboxTests : IAsyncLifetime
{
    private const string Alice = "alice@school.example";
    private readonly DashboardAppFactory _app = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Without_smtp_settings_the_simulated_cloud_puts_a_personal_invitation_into_the_outbox_page()
    {
        await AssignToAliceAsync();

        var mail = Assert.Single(_app.Services.GetRequiredService<MailOutbox>().Mails);
        Assert.Equal((Alice, "Your machine in python-workshop"), (mail.To, mail.Subject));
        Assert.Contains("/invite/", mail.Body, StringComparison.Ordinal);
        using var response = await As(TestViewers.Admin.Name, Roles.Admin).GetAsync("/outbox");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The page renders in the circuit (no prerendering): render it as the circuit would, on the app's services.
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(_app.Services.GetRequiredService<IMailSender>());
        context.Services.AddSingleton(_app.Services.GetRequiredService<MailOutbox>());
        var page = context.Render<Outbox>();
        Assert.Equal(MailMessages.Outbox, page.Find("[data-mail-status]").TextContent.Trim());
        Assert.Contains("/invite/", page.Find($"[data-to=\"{Alice}\"]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("student01@demo.test", Roles.Student)]
    [InlineData("ops@demo.test", Roles.Ops)]
    [InlineData("instructor@demo.test", Roles.Instructor)]
    public async Task Students_ops_and_instructors_are_refused_the_outbox_by_the_server(string user, string role)
    {
        await AssignToAliceAsync();

        using var response = await As(user, role).GetAsync("/outbox");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("/invite/", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in()
    {
        using var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/outbox");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private async Task AssignToAliceAsync()
    {
        var roster = _app.Services.GetRequiredService<Roster>();
        var machine = _app.Services.GetRequiredService<SessionMonitor>().FindSession(RosterKit.Pool)!.Machines.Single(m => m.Ordinal == 12);
        Assert.True((await roster.UnassignAsync(TestViewers.Instructor, machine.Id)).Succeeded);
        var assigned = await roster.AssignAsync(TestViewers.Instructor, machine.Id, Alice);
        Assert.True(assigned.Succeeded, assigned.Message);
    }

    private HttpClient As(string user, string role)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, user);
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, role);
        return client;
    }
}
