using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Dashboard.Tests.EndToEnd;

/// <summary>The sessions page through its markup contract: data-session, data-machine, data-state and aria-labels.</summary>
public sealed class SessionsPage(IPage page)
{
    public IPage Page => page;

    public ILocator Sessions => page.Locator("[data-session]");

    public ILocator Session(string name) => page.Locator($"[data-session=\"{name}\"]");

    public ILocator Machine(string name) => page.Locator($"[data-machine=\"{name}\"]");

    /// <summary>A session's header row (name, counts, batch buttons), without its machine grid.</summary>
    public ILocator Header(string session) => Session(session).Locator(":scope > div").First;

    public ILocator MachinesOf(string session) => Session(session).Locator("[data-machine]");

    /// <summary>The state chips of a session's machines that show <paramref name="state"/>.</summary>
    public ILocator MachinesIn(string session, string state) => Session(session).Locator($"[data-machine] [data-state=\"{state}\"]");

    public ILocator StateOf(string machine, string state) => Machine(machine).Locator($"[data-state=\"{state}\"]");

    public static ILocator Button(ILocator scope, string label) =>
        scope.GetByRole(AriaRole.Button, new() { Name = label, Exact = true });

    public ILocator Button(string label) => Button(page.Locator("body"), label);

    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    /// <summary>Opens a session's machine grid and waits until its first rows are shown.</summary>
    public async Task ExpandAsync(string session)
    {
        // Grid rows have their own toggles (Expand node, Expand group): only the header's button opens the session.
        await Button(Header(session), "Expand").ClickAsync();
        await Expect(Button(Header(session), "Collapse")).ToHaveAttributeAsync("aria-expanded", "true");
        await MachinesOf(session).First.WaitForAsync();
    }
}
