using System.ComponentModel.DataAnnotations;
using Dashboard.Core.People;
using Dashboard.People;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.People;

/// <summary>
/// The invitation link, rendered statically (signing in sets the cookie, which needs the HTTP response).
/// An open link gives a free machine to a signed-in student, or mails a newcomer a confirmation link: the page never
/// says whether the typed address has an account. A personal link was mailed to one address and proves it: it lets
/// that address's owner create their account (or sign in) and take what was set aside for them.
/// </summary>
public sealed partial class Invite
{
    private InvitationStatus? _status;
    private IReadOnlyList<string> _errors = [];
    private string? _requestedFor;
    private bool _invitedHasAccount;

    [Parameter] public string Token { get; set; } = "";
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm(FormName = "signup")] private SignUpInput? SignUp { get; set; }
    [SupplyParameterFromForm(FormName = "accept")] private PasswordInput? Accept { get; set; }

    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private SignUps SignUps { get; set; } = default!;
    [Inject] private SignUpLimits Limits { get; set; } = default!;
    [Inject] private UserManager<DashboardUser> Users { get; set; } = default!;
    [Inject] private SignInManager<DashboardUser> SignIn { get; set; } = default!;
    [Inject] private IOptions<IdentityOptions> Identity { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private Viewer Viewer => Viewer.From(HttpContext.User);
    private string PasswordRules => SignUpErrors.Rules(Identity.Value.Password);
    private string SignInLink => $"/account/login?returnUrl={Uri.EscapeDataString($"/invite/{Token}")}";

    protected override async Task OnInitializedAsync()
    {
        SignUp ??= new SignUpInput();
        Accept ??= new PasswordInput();
        _status = await Roster.StatusAsync(Token);
        // Only a personal link asks: it reached the address's owner, who may know whether they have an account.
        if (_status is { IsPersonal: true } && await Users.FindByEmailAsync(_status.PersonalEmail!) is { } invited)
            _invitedHasAccount = invited.EmailConfirmed;
    }

    private async Task ClaimAsync()
    {
        if (!Viewer.IsStudent || Viewer.UserId.Length == 0)
            return;
        await FinishAsync(await Roster.ClaimAsync(Token, Viewer));
    }

    private async Task TakeAsync()
    {
        if (!Viewer.IsStudent || await Users.FindByIdAsync(Viewer.UserId) is not { } user)
            return;
        var taken = await Roster.TakeAsync(Token, Viewer);
        if (taken.Succeeded)
            await SignUps.MarkProvenAsync(user);
        await FinishAsync(taken);
    }

    private async Task SignUpAsync()
    {
        if (SignUp is null || _status is not { IsOpen: true, IsPersonal: false })
            return;
        if (!Limits.TryTake(Token, _status.SeatsLeft))
        {
            _errors = [SignUpLimits.Reached];
            return;
        }

        await SignUps.RequestAsync(SignUp.Email, Token, _status.SessionName);
        _requestedFor = SignUp.Email.Trim();
    }

    private async Task AcceptAsync()
    {
        if (Accept is null || _status is not { IsOpen: true, IsPersonal: true })
            return;
        var result = await SignUps.AcceptPersonalAsync(_status, Accept.Password);
        if (!result.Succeeded)
        {
            _errors = result.Problem is { } problem ? [problem] : SignUpErrors.InPlainWords(result.Errors, Identity.Value.Password);
            return;
        }

        await SignIn.SignInAsync(result.User!, isPersistent: false);
        var taken = await Roster.TakeAsync(Token, SignUps.ViewerOf(result.User!));
        await FinishAsync(taken, signedUp: true);
    }

    private async Task FinishAsync(ClaimResult result, bool signedUp = false)
    {
        if (result.Succeeded || signedUp)
        {
            Navigation.NavigateTo("/my", forceLoad: true);
            return;
        }

        _errors = [result.Message];
        _status = await Roster.StatusAsync(Token);
    }

    private sealed class SignUpInput
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        public string Email { get; set; } = "";
    }
}
