using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Core.Api;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.Core.Setup;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Api;

/// <summary>Who gets into the API: a current personal access token of a current account, and nobody else.</summary>
public sealed class ApiAuthenticationTests : ApiTest
{
    [Theory]
    [InlineData(null)]
    [InlineData("dpat_not-a-token-anybody-made")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public async Task A_call_without_a_valid_token_is_401_as_a_problem(string? token)
    {
        using var client = App.Client(token);

        using var response = await client.GetAsync("/api/v1/sessions");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_token_with_one_character_changed_is_401()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);
        var wrong = token[..^1] + (token[^1] == 'a' ? 'b' : 'a');
        using var client = App.Client(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(token).GetAsync("/api/v1/sessions")).StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);

        await using var db = await App.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var row = await db.PersonalAccessTokens.SingleAsync();
        Assert.StartsWith(AccessTokens.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(AccessTokens.HashOf(token), row.SecretHash);
        Assert.DoesNotContain(token[AccessTokens.Prefix.Length..], row.SecretHash + row.Hint + row.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);
        await using (var db = await App.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync())
        {
            var row = await db.PersonalAccessTokens.SingleAsync();
            row.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }

        using var response = await App.Client(token).GetAsync("/api/v1/sessions");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_revoked_token_is_401_and_only_its_owner_revokes_it()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);
        var tokens = App.Services.GetRequiredService<AccessTokens>();
        var id = (await tokens.ListAsync((await App.UserAsync(DemoData.Instructor)).Id)).Single().Id;

        Assert.False(await tokens.RevokeAsync((await App.UserAsync(DemoData.Student(1))).Id, id));
        Assert.Equal(HttpStatusCode.OK, (await App.Client(token).GetAsync("/api/v1/sessions")).StatusCode);
        Assert.True(await tokens.RevokeAsync((await App.UserAsync(DemoData.Instructor)).Id, id));

        await AssertProblemAsync(await App.Client(token).GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_token_of_an_account_locked_later_is_401()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);
        Assert.Equal(HttpStatusCode.OK, (await App.Client(token).GetAsync("/api/v1/sessions")).StatusCode);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            var user = await users.FindByNameAsync(DemoData.Instructor);
            await users.SetLockoutEndDateAsync(user!, DateTimeOffset.UtcNow.AddYears(1));
        }

        await AssertProblemAsync(await App.Client(token).GetAsync("/api/v1/sessions"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_removed_role_takes_the_token_s_right_with_it()
    {
        var token = await App.TokenForAsync(DemoData.Instructor);
        using var client = App.Client(token);
        Assert.Equal(4, (await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).GetArrayLength());

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
            await users.RemoveFromRoleAsync((await users.FindByNameAsync(DemoData.Instructor))!, Roles.Instructor);
        }

        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions")).GetArrayLength());
        var machine = App.Monitor.FindSession("python-workshop")!.Machines[0];
        await AssertProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_sign_in_cookie_does_not_open_the_api_and_nothing_redirects()
    {
        using var browser = new Support.CookieBrowser(App.Factory.Server);
        await browser.SubmitFormAsync("/account/login", new Dictionary<string, string>
        {
            ["Input.Email"] = DemoData.Instructor, ["Input.Password"] = PeopleInitializer.DemoPassword,
        });
        using var client = App.Client(null);
        client.DefaultRequestHeaders.Add("Cookie", browser.DashboardCookieHeader);

        using var response = await client.GetAsync("/api/v1/sessions");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
