using Bunit;
using Dashboard.Components.Account;
using Dashboard.Core.Api;
using Dashboard.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Components;

/// <summary>The API tokens page under the account: create one (shown once), see it listed, revoke it.</summary>
public sealed class AccessTokensPageTests : DashboardComponentTest
{
    private static readonly Viewer Me = Viewer.For("token-owner@demo.test", Roles.Instructor) with { UserId = "token-owner-id" };

    private AccessTokens Tokens => Core.Services.GetRequiredService<AccessTokens>();

    [Fact]
    public async Task A_token_is_created_shown_once_listed_and_revoked()
    {
        SignIn(Me);
        var page = Render<AccessTokensPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-tokens-empty]")), Patience);

        page.Find("input[data-token-name], [data-token-name] input").Change("nightly script");
        page.Find("input[aria-label='Scope act']").Change(true);
        await page.Find("button[aria-label='Create token']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.StartsWith(AccessTokens.Prefix, page.Find("[data-new-token]").TextContent, StringComparison.Ordinal), Patience);
        var secret = page.Find("[data-new-token]").TextContent;
        var saved = Assert.Single(await Tokens.ListAsync(Me.UserId));
        Assert.Equal("nightly script", saved.Name);
        Assert.Equal([ApiScopes.Read, ApiScopes.Act], saved.ScopeList);
        Assert.Equal(saved.Id, (await Tokens.FindUsableAsync(secret))?.Id);
        Assert.Equal("active", page.Find("tr[data-token='nightly script']").GetAttribute("data-token-state"));

        await page.Find("button[aria-label='Revoke token nightly script']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("revoked", page.Find("tr[data-token='nightly script']").GetAttribute("data-token-state")), Patience);
        Assert.Null(await Tokens.FindUsableAsync(secret));
        Assert.Empty(page.FindAll("button[aria-label='Revoke token nightly script']"));
    }

    [Fact]
    public async Task A_token_needs_a_name_and_a_scope()
    {
        SignIn(Me);
        var page = Render<AccessTokensPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-tokens-empty]")), Patience);

        await page.Find("button[aria-label='Create token']").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("name", page.Find("[data-token-problem]").TextContent, StringComparison.Ordinal), Patience);
        page.Find("input[data-token-name], [data-token-name] input").Change("x");
        page.Find("input[aria-label='Scope read']").Change(false);
        await page.Find("button[aria-label='Create token']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("scope", page.Find("[data-token-problem]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(await Tokens.ListAsync(Me.UserId));
    }
}
