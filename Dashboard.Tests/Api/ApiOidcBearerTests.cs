using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Dashboard.Tests.Api.ApiAuthenticationTests;

namespace Dashboard.Tests.Api;

/// <summary>An identity provider's access tokens on the API: mapped onto the account its subject signed in as, or refused.</summary>
public sealed class ApiOidcBearerTests : IAsyncLifetime
{
    private TestOidcProvider _provider = default!;
    private ApiApp _app = default!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _app = new ApiApp(_provider.DashboardSettings);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_token_for_a_known_subject_acts_as_that_account_with_the_token_s_roles()
    {
        await LinkAsync(DemoData.Student(1), "subject-1");
        _provider.Next = new ProviderIdentity("subject-1", DemoData.Student(1), true, Roles.Student);
        using var client = _app.Client(await _provider.AccessTokenAsync());

        var sessions = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions");

        var only = Assert.Single(sessions.EnumerateArray());
        Assert.Equal([_app.MachineOf(DemoData.Student(1)).Name], only.GetProperty("machines").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        var other = _app.MachineOf(DemoData.Student(2));
        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{other.Id}/actions/stop", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_token_for_a_subject_no_account_signed_in_as_is_401()
    {
        _provider.Next = new ProviderIdentity("stranger", "stranger@example.test", true, Roles.Admin);
        using var client = _app.Client(await _provider.AccessTokenAsync());

        await AssertProblemAsync(await client.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_of_a_locked_account_is_401()
    {
        await LinkAsync(DemoData.Instructor, "subject-i");
        _provider.Next = new ProviderIdentity("subject-i", DemoData.Instructor, true, Roles.Instructor);
        using var client = _app.Client(await _provider.AccessTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sessions")).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync(DemoData.Instructor))!, DateTimeOffset.UtcNow.AddYears(1));
        }

        await AssertProblemAsync(await client.GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized);
    }

    private async Task LinkAsync(string email, string subject)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var linked = await users.AddLoginAsync((await users.FindByNameAsync(email))!, new UserLoginInfo(OidcOptions.Scheme, subject, "Test provider"));
        Assert.True(linked.Succeeded);
    }
}
