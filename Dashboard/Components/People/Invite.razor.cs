using System.ComponentModel.DataAnnotations;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Persistence;
using Dashboard.People;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.People;

/// <summary>
/// The invitation link, rendered statically (signing up sets the cookie, which needs the HTTP response): shows the
/// pool and its seats, lets a student claim a machine, and lets a newcomer sign up and claim in one go.
/// </summary>
public sealed partial class Invite
{
    private InvitationStatus? _status;
    private IReadOnlyList<string> _errors = [];
    private string? _signedUpAs;

    [Parameter] public string Token { get; set; } = "";
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromForm(FormName = "signup")] private SignUpInput? SignUp { get; set; }

    [Inject] private Roster Roster { get; set; } = default!;
    [Inject] private UserManager<DashboardUser> Users { get; set; } = default!;
    [Inject] private SignInManager<DashboardUser> SignIn { get; set; } = default!;
    [Inject] private AuditLog Audit { get; set; } = default!;
    [Inject] private IOptions<IdentityOptions> Identity { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private Viewer Viewer => Viewer.From(HttpContext.User);
    private string PasswordRules => SignUpErrors.Rules(Identity.Value.Password);
    private string SignInLink => $"/account/login?returnUrl={Uri.EscapeDataString($"/invite/{Token}")}";

    protected override async Task OnInitializedAsync()
    {
        SignUp ??= new SignUpInput();
        _status = await Roster.StatusAsync(Token);
    }

    private async Task ClaimAsync()
    {
        if (!Viewer.IsStudent)
            return;
        await ClaimForAsync(Viewer.Name);
    }

    private async Task SignUpAsync()
    {
        if (SignUp is null || _status is not { IsOpen: true })
            return;
        var email = SignUp.Email.Trim();
        var user = new DashboardUser { UserName = email, Email = email };
        var created = await Users.CreateAsync(user, SignUp.Password);
        if (created.Succeeded)
            created = await Users.AddToRoleAsync(user, Roles.Student);
        if (!created.Succeeded)
        {
            _errors = SignUpErrors.InPlainWords(created.Errors, Identity.Value.Password);
            await AuditAsync(email, ActionOutcome.Failed, string.Join(" ", _errors));
            return;
        }

        await SignIn.SignInAsync(user, isPersistent: false);
        await AuditAsync(email, ActionOutcome.Succeeded, null);
        _signedUpAs = email;
        await ClaimForAsync(email);
    }

    private async Task ClaimForAsync(string student)
    {
        var claim = await Roster.ClaimAsync(Token, student);
        if (claim.Succeeded)
        {
            Navigation.NavigateTo("/my", forceLoad: true);
            return;
        }

        _errors = [_signedUpAs is null ? claim.Message : $"Your account is ready, but no machine could be given to you. {claim.Message}"];
        _status = await Roster.StatusAsync(Token);
    }

    private Task AuditAsync(string email, ActionOutcome outcome, string? error) =>
        Audit.RecordAsync(email, AuditAction.SignUp, outcome, _status?.SessionName, detail: error);

    private sealed class SignUpInput
    {
        [Required(ErrorMessage = "Enter your e-mail address."), EmailAddress(ErrorMessage = "That is not an e-mail address.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        public string Password { get; set; } = "";

        [Compare(nameof(Password), ErrorMessage = "The two passwords differ: type the same password twice.")]
        public string Confirm { get; set; } = "";
    }
}
