using Dashboard.Connect;
using Dashboard.Core.Actions;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace Dashboard.Components.Sessions;

/// <summary>The connect options of one machine, shown in the Connect dialog and on the machine page.</summary>
public sealed partial class ConnectionPanel : IAsyncDisposable
{
    public const string CopyHint = "Select and copy the command";

    private IJSObjectReference? _clipboard;
    private string? _copyHint;

    [Parameter, EditorRequired] public required Guid MachineId { get; set; }
    [Parameter, EditorRequired] public required ConnectionDetails Connection { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private string RdpHref => ConnectEndpoints.RdpPath(MachineId);

    private async Task CopyAsync(string text)
    {
        try
        {
            _clipboard ??= await JS.InvokeAsync<IJSObjectReference>("import", "./js/clipboard.js");
            await _clipboard.InvokeVoidAsync("copyText", text);
            _copyHint = null;
            Snackbar.Add("Command copied.", Severity.Success);
        }
        catch (Exception ex) when (ex is JSException or TaskCanceledException)
        {
            // No clipboard access here (insecure context, denied permission, a browser that never answers):
            // the person copies it by hand.
            _copyHint = CopyHint;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_clipboard is not null)
                await _clipboard.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and the module with it.
        }
    }
}
