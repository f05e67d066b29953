using Dashboard.Account;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Account;

/// <summary>
/// Admins list every account with its roles and lockout, change roles, lock and unlock. The page only asks:
/// <see cref="AccountAdministration"/> checks every change on the server and audits it.
/// </summary>
public sealed partial class AccountsPage
{
    private IReadOnlyList<AccountRow>? _accounts;
    private Viewer? _viewer;
    private bool _busy;

    [Inject] private AccountAdministration Admin { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private DateTimeOffset Now => Admin.Now;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        _accounts = await Admin.ListAsync(_viewer);
    }

    private bool IsMe(AccountRow account) => _viewer?.IsNamed(account.Email) == true;

    private string Until(AccountRow account) =>
        account.LockedUntil is { } until && until < DateTimeOffset.MaxValue.AddYears(-1) ? $" until {until:yyyy-MM-dd HH:mm} UTC" : "";

    private Task SetRoleAsync(AccountRow account, string role, bool on)
    {
        var roles = on ? account.Roles.Append(role).Distinct().ToList() : account.Roles.Where(r => r != role).ToList();
        return RunAsync(viewer => Admin.SetRolesAsync(viewer, account.Id, roles));
    }

    private async Task RunAsync(Func<Viewer, Task<AccountChange>> change)
    {
        if (_viewer is null)
            return;
        _busy = true;
        try
        {
            var result = await change(_viewer);
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
            // Re-read what the store holds, so a refused change shows as it still is.
            _accounts = await Admin.ListAsync(_viewer);
        }
        finally
        {
            _busy = false;
        }
    }
}
