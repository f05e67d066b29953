using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Dashboard.Components;
using Dashboard.Core.Domain;
using Dashboard.Components.Sessions;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Setup;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Tests.Components;

/// <summary>
/// bUnit with the real Core behind it: a fresh CoreHost (SQLite temp file, simulated cloud, running monitor)
/// whose singletons the components get injected, MudBlazor's services and providers, and a signed-in instructor.
/// </summary>
public abstract class DashboardComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>Long enough for a simulated operation plus a poll and a render batch, on a busy machine.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private CoreHost? _core;
    private BunitAuthorizationContext? _authorization;

    protected CoreHost Core => _core ?? throw new InvalidOperationException("The Core host starts in InitializeAsync.");

    protected IRenderedComponent<MudPopoverProvider> Popovers { get; private set; } = default!;

    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = default!;

    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = default!;

    /// <summary>Core settings a test class needs on top of <see cref="CoreHost"/>'s (e.g. faster operations).</summary>
    protected virtual IDictionary<string, string?>? CoreSettings => null;

    /// <summary>Registrations that win over Core's (a fake class clock, say).</summary>
    protected virtual Action<IServiceCollection>? CoreReplacing => null;

    public async Task InitializeAsync()
    {
        _core = await CoreHost.StartAsync(CoreSettings, replacing: CoreReplacing);

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(Core.Monitor);
        Services.AddSingleton(Core.Commands);
        Services.AddSingleton(Core.Store);
        Services.AddSingleton(Core.Provisioner);
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Audit.AuditQuery>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Discovery.DiscoveredMachines>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Discovery.MachineAdoption>());
        Services.AddClassTimeOf(Core);
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Spot.SpotRecoveryCommands>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Spot.SpotRecoverer>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Spot.SpotHistory>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Spot.SpotEvents>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Costs.PriceTable>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Costs.CloudRegion>());
        Services.AddSingleton(Core.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dashboard.Core.Spot.SpotAdviceOptions>>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Costs.SessionCosts>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Budgets.SessionBudgets>());
        Services.AddSingleton(Core.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dashboard.Core.Budgets.BudgetOptions>>());
        Services.AddSingleton(Core.Services.GetRequiredService<TimeProvider>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Spot.Alerts.SpotNotifications>());
        Services.AddSingleton(Core.Services.GetRequiredService<Dashboard.Core.Api.AccessTokens>());
        Services.AddScoped<CommandRunner>();
        Services.AddScoped<ViewerAccessor>();
        _authorization = AddAuthorization();
        SignIn(TestViewers.Instructor);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));

        Popovers = Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
        Snackbars = Render<MudSnackbarProvider>();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // Components first, so the page stops reading the monitor before Core goes away. MudBlazor has services
        // that only dispose asynchronously, so the context is disposed here rather than by xunit's Dispose.
        await FinishesAsync(DisposeComponentsAsync(), "disposing the components");
        await FinishesAsync(DisposeAsync().AsTask(), "disposing the bUnit context");
        if (_core is not null)
            await FinishesAsync(_core.DisposeAsync().AsTask(), "stopping Core");
    }

    /// <summary>Who the rendered components see as signed in (the demo instructor unless a test says otherwise).</summary>
    protected void SignIn(Viewer viewer)
    {
        var authorization = _authorization ?? throw new InvalidOperationException("Authorization is set up in InitializeAsync.");
        authorization.SetAuthorized(viewer.Name);
        authorization.SetRoles([.. viewer.Roles]);
        authorization.SetClaims(viewer.UserId.Length > 0 ? [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, viewer.UserId)] : []);
    }

    /// <summary>Awaits something that must end (a click's handler, a disposal) and names it if it hangs.</summary>
    protected static async Task FinishesAsync(Task task, string what)
    {
        try
        {
            await task.WaitAsync(Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{what} did not finish within {Patience.TotalSeconds:0}s.", ex);
        }
    }

    /// <summary>The button a screen reader announces as <paramref name="label"/>, inside <paramref name="scope"/>.</summary>
    protected static IElement Button(IRenderedComponent<IComponent> cut, string label, string scope = "") =>
        cut.Find($"{scope} button[aria-label='{label}']".Trim());

    protected static bool IsDisabled(IElement button) => button.HasAttribute("disabled");

    /// <summary>A button found by its visible text, for dialog actions that have no aria-label.</summary>
    protected static IElement ButtonWithText(IRenderedComponent<IComponent> cut, string text) =>
        cut.FindAll("button").Single(b => b.TextContent.Trim() == text);

    /// <summary>A machine's buttons as its session card shows them to the signed-in instructor.</summary>
    protected IRenderedComponent<MachineActions> RenderActions(MachineView machine) =>
        Render<MachineActions>(p => p
            .Add(a => a.Machine, machine)
            .AddCascadingValue(TestViewers.Instructor)
            .AddCascadingValue(Core.Monitor.FindSession(machine.SessionId)!));

    protected SessionView Session(string name) =>
        Core.Monitor.FindSession(name) ?? throw new InvalidOperationException($"No session named {name}.");

    protected MachineView Machine(string name) =>
        Core.Monitor.Sessions.SelectMany(s => s.Machines).FirstOrDefault(m => m.Name == name)
        ?? throw new InvalidOperationException($"No machine named {name}.");

    protected MachineState StateOf(Guid machineId) =>
        Core.Monitor.FindMachine(machineId)?.State ?? MachineState.Deleted;
}
