using Dashboard.Core.People;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

/// <summary>A hub client signed in the way external tools are: with the cookie the login form gave it.</summary>
public static class CookieHubConnections
{
    /// <summary>Signs in through the login form and opens a hub connection with that sign-in.</summary>
    public static async Task<HubConnection> SignInAndConnectAsync(TestServer server, string email, string password = PeopleInitializer.DemoPassword)
    {
        using var browser = new CookieBrowser(server);
        await browser.SubmitFormAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        if (browser.DashboardCookie("dashboard.auth") is null)
            throw new InvalidOperationException($"{email} could not sign in through the login form.");
        var connection = Build(server, browser.DashboardCookieHeader);
        await connection.StartAsync();
        return connection;
    }

    public static HubConnection Build(TestServer server, string cookieHeader) =>
        TestHubConnections.Build(server, new Dictionary<string, string> { ["Cookie"] = cookieHeader });
}
