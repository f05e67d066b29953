using Dashboard.Core.People;
using Dashboard.People;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.People;

/// <summary>
/// Where a sign-up's confirmation link leads: proves the address, lets its owner choose the password, signs them
/// in, binds whatever was set aside for the address, and claims a seat of the invitation the sign-up came from.
/// </summary>
public sealed partial class ConfirmEmail
{
    private IReadOnlyList<string> _errors = [];

    [SupplyParameterFromQuery(Name = "user")] private string? UserId { get; set; }
    [SupplyParameterFromQuery(Name = "code")] private string? Code { get; set; }
    [SupplyParameterFromQuery(Name = "invite")] private string? InviteToken { get; set; }
    [SupplyParameterFromForm(FormName = "confirm")] private PasswordInput? Input { get; set; }

    [Inject] private SignUps SignUps { get; set; } = default!;
    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private SignInManager<DashboardUser> SignIn { get; set; } = default!;
    [Inject] private IOptions<IdentityOptions> Identity { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private string PasswordRules => SignUpErrors.Rules(Identity.Value.Password);

    protected override void OnInitialized() => Input ??= new PasswordInput();

    private async Task ConfirmAsync()
    {
        var result = await SignUps.ConfirmAsync(UserId ?? "", Code ?? "", Input!.Password);
        if (!result.Succeeded)
        {
            _errors = result.Problem is { } problem ? [problem] : SignUpErrors.InPlainWords(result.Errors, Identity.Value.Password);
            return;
        }

        var user = result.User!;
        await SignIn.SignInAsync(user, isPersistent: false);
        var account = SignUps.ViewerOf(user);
        await Roster.BindPendingAsync(account);
        if (!string.IsNullOrEmpty(InviteToken))
            await Roster.ClaimAsync(InviteToken, account);
        Navigation.NavigateTo("/my", forceLoad: true);
    }
}
