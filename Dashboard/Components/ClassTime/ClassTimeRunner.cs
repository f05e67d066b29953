using Dashboard.Core.Actions;
using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Setup;
using MudBlazor;

namespace Dashboard.Components.ClassTime;

/// <summary>Class-time commands for one browser circuit, as the signed-in person, with their outcome as a snackbar.</summary>
public sealed class ClassTimeRunner(ClassTimeCommands commands, ISnackbar snackbar, ViewerAccessor viewers)
{
    public Task<ActionResult> PostponeAsync(SessionView session, MachineView? machine, int minutes) =>
        RunAsync(viewer => commands.PostponeAsync(viewer, session.Id, machine?.Id, minutes));

    public Task<ActionResult> SkipAsync(SessionView session, MachineView? machine) =>
        RunAsync(viewer => commands.SkipAsync(viewer, session.Id, machine?.Id));

    public Task<ActionResult> SaveAsync(SessionView session, ClassTimeSettings settings) =>
        RunAsync(viewer => commands.SaveSettingsAsync(viewer, session.Id, settings));

    public Task<ActionResult> GrantAsync(SessionView session, string? userId, double hours) =>
        RunAsync(viewer => commands.GrantHoursAsync(viewer, session.Id, userId, hours));

    private async Task<ActionResult> RunAsync(Func<Core.People.Viewer, Task<ActionResult>> run)
    {
        var viewer = await viewers.GetAsync();
        // The command checks the policy itself on the server; this only names who asks.
        var result = await Task.Run(() => run(viewer));
        snackbar.Add(result.Message, result.Succeeded ? Severity.Success : result.Outcome == ActionOutcome.Refused ? Severity.Warning : Severity.Error);
        return result;
    }
}
