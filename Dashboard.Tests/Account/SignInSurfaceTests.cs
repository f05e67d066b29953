using System.Net;
using Dashboard.Account;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Account;

/// <summary>Sign-in, sign-up, sign-out and errors as a client meets them over HTTP.</summary>
public sealed class SignInSurfaceTests : IAsyncLifetime
{
    private const string Wrong = "not-the-password";
    private readonly DashboardAppFactory _app = new(new Dictionary<string, string?> { ["RateLimits:SignInPerMinute"] = "3" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task An_anonymous_sign_out_writes_nothing_to_the_audit()
    {
        using var browser = new CookieBrowser(_app.Server);

        var (_, url) = await browser.SignOutAsync();

        Assert.Equal("/account/login", url.AbsolutePath);
        Assert.Empty(await SignOutsAsync());
    }

    [Fact]
    public async Task A_signed_in_sign_out_is_audited_under_the_persons_name()
    {
        using var browser = new CookieBrowser(_app.Server);
        await SignInAsync(browser, "ops@demo.test", PeopleInitializer.DemoPassword);

        await browser.SignOutAsync();

        Assert.Equal(["ops@demo.test"], (await SignOutsAsync()).Select(e => e.Actor));
        Assert.Null(browser.DashboardCookie("dashboard.auth"));
    }

    [Fact]
    public async Task A_sign_out_posted_from_another_site_without_the_token_is_refused_and_signs_nobody_out()
    {
        using var browser = new CookieBrowser(_app.Server);
        await SignInAsync(browser, "ops@demo.test", PeopleInitializer.DemoPassword);

        var (refused, _) = await browser.PostAsync("/account/logout");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(browser.DashboardCookie("dashboard.auth"));
        Assert.Empty(await SignOutsAsync());
    }

    [Theory]
    [InlineData("/%E3%80%80/x")]
    [InlineData("/%0d%0aSet-Cookie:x=y")]
    public async Task A_return_path_a_redirect_cannot_carry_sends_the_person_home_after_signing_in(string returnPath)
    {
        using var browser = new CookieBrowser(_app.Server);

        var (answer, url) = await browser.SubmitFormAsync($"/account/login?ReturnUrl={Uri.EscapeDataString(Uri.UnescapeDataString(returnPath))}",
            new Dictionary<string, string> { ["Input.Email"] = "ops@demo.test", ["Input.Password"] = PeopleInitializer.DemoPassword });

        Assert.NotEqual(HttpStatusCode.InternalServerError, answer.StatusCode);
        Assert.Equal("/", url.AbsolutePath);
        Assert.NotNull(browser.DashboardCookie("dashboard.auth"));
    }

    [Fact]
    public async Task Confirmation_link_submissions_are_rate_limited_like_sign_in()
    {
        using var browser = new CookieBrowser(_app.Server);
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (answer, _) = await browser.PostAsync("/confirm-email?user=nobody&code=bogus", new Dictionary<string, string> { ["_handler"] = "confirm" });
            answers.Add(answer.StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[^1]);
    }

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_from_one_address_get_429_with_a_plain_message_and_so_does_sign_up()
    {
        using var browser = new CookieBrowser(_app.Server);
        for (var i = 0; i < 3; i++)
        {
            // Different accounts each time: the per-account lockout never trips, the per-address limit does.
            var (answer, _) = await SignInAsync(browser, $"student{i + 1:00}@demo.test", Wrong);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        var (refused, _) = await SignInAsync(browser, "student09@demo.test", Wrong);
        var (signUp, _) = await browser.PostAsync("/invite/any-token", new Dictionary<string, string> { ["_handler"] = "signup" });
        var (form, _) = await browser.OpenAsync("/account/login");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(SignInRateLimits.Message, await refused.Content.ReadAsStringAsync());
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, signUp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task An_unhandled_error_shows_the_error_page_and_no_stack_trace_even_in_development()
    {
        await using var broken = _app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddScoped<AuditQuery>(_ => throw new InvalidOperationException("secret-internal-detail"))));
        var client = broken.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, "admin@demo.test");
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, Roles.Admin);

        var response = await client.GetAsync("/audit.csv");
        var body = await response.Content.ReadAsStringAsync();
        var css = await client.GetAsync("/_content/MudBlazor/MudBlazor.min.css");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Something went wrong", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-internal-detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
    }

    [Theory]
    [InlineData("instructor@demo.test", Roles.Instructor, HttpStatusCode.Forbidden)]
    [InlineData("ops@demo.test", Roles.Ops, HttpStatusCode.Forbidden)]
    [InlineData("admin@demo.test", Roles.Admin, HttpStatusCode.OK)]
    public async Task Only_admins_open_the_accounts_page(string user, string role, HttpStatusCode expected)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(TestAuthentication.UserHeader, user);
        client.DefaultRequestHeaders.Add(TestAuthentication.RolesHeader, role);

        var response = await client.GetAsync("/admin/accounts");

        Assert.Equal(expected, response.StatusCode);
    }

    private static Task<(HttpResponseMessage Response, Uri Url)> SignInAsync(CookieBrowser browser, string email, string password) =>
        browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });

    private async Task<List<ActionLogEntry>> SignOutsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        return await db.ActionLog.Where(e => e.Action == AuditAction.SignOut).ToListAsync();
    }
}
