using System.Text;
using Dashboard.Core.Audit;
using Dashboard.Core.Domain;
using Dashboard.Core.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Dashboard.Core.People;

/// <summary>An account made or proven by a link, or why not (Identity's refusals, or a problem in words).</summary>
public sealed record SignUpResult(DashboardUser? User, IReadOnlyList<IdentityError> Errors, string? Problem = null)
{
    public bool Succeeded => User is not null;

    public static SignUpResult Refused(string problem) => new(null, [], problem);
}

/// <summary>
/// Accounts whose address is proven by a mailed link. A sign-up never says whether an account exists: the page
/// answers the same either way, and the mail tells the address's owner what to do. No account gets a password
/// before its address is proven, so typing someone's address reserves nothing.
/// </summary>
public sealed class SignUps(UserManager<DashboardUser> users, IMailSender mail, SiteAddress site, AuditLog audit)
{
    public const string ConfirmPath = "/confirm-email";
    public const string LinkNotValid = "This link is not valid any more: sign up again from your invitation to get a new one.";
    public const string StaffAccount = "This address belongs to a staff account: sign in with its password or through the identity provider.";

    private static readonly string[] Staff = [Roles.Admin, Roles.Instructor, Roles.Ops];

    /// <summary>Mails the address a confirmation link (new or unproven account) or a sign-in link (proven account).</summary>
    public async Task RequestAsync(string email, string inviteToken, string sessionName)
    {
        email = email.Trim();
        var user = await users.FindByEmailAsync(email);
        OutgoingMail message;
        if (user is { EmailConfirmed: true })
        {
            var signIn = site.Link($"/account/login?returnUrl={Uri.EscapeDataString($"/invite/{inviteToken}")}");
            message = PeopleMails.AlreadySignedUp(email, sessionName, signIn);
        }
        else if (user is not null && await IsStaffAsync(user))
        {
            // A staff account is never given a password by a link that anyone holding an invitation can ask for.
            await AuditAsync(email, AuditAction.SignUp, ActionOutcome.Refused, sessionName, StaffAccount);
            return;
        }
        else
        {
            if (user is null)
            {
                (user, var created) = await CreateStudentAsync(email);
                if (!created.Succeeded)
                {
                    await AuditAsync(email, AuditAction.SignUp, ActionOutcome.Failed, sessionName, Describe(created.Errors));
                    return;
                }
            }

            message = PeopleMails.ConfirmSignUp(email, sessionName, await ConfirmLinkAsync(user, inviteToken));
        }

        var sent = await mail.SendAsync(message);
        await AuditAsync(email, AuditAction.SendSignUpMail, sent.Sent ? ActionOutcome.Succeeded : ActionOutcome.Failed, sessionName,
            sent.Sent ? message.Subject : sent.Problem);
    }

    // An account without a password yet: it gets one only once its address is proven.
    private async Task<(DashboardUser User, IdentityResult Result)> CreateStudentAsync(string email)
    {
        var user = new DashboardUser { UserName = email, Email = email };
        var created = await users.CreateAsync(user);
        if (created.Succeeded)
            created = await users.AddToRoleAsync(user, Roles.Student);
        return (user, created);
    }

    /// <summary>The confirmation link: proves the address, then the owner chooses the password (replacing any).</summary>
    public async Task<SignUpResult> ConfirmAsync(string userId, string code, string password)
    {
        var user = string.IsNullOrEmpty(userId) ? null : await users.FindByIdAsync(userId);
        var token = Decode(code);
        if (user is null || token is null)
            return SignUpResult.Refused(LinkNotValid);
        if (await IsStaffAsync(user))
            return SignUpResult.Refused(StaffAccount);
        var wasProven = user.EmailConfirmed;
        var weak = await PasswordErrorsAsync(user, password);
        if (weak.Count > 0)
            return new SignUpResult(null, weak);
        var confirmed = await users.ConfirmEmailAsync(user, token);
        if (!confirmed.Succeeded)
        {
            await AuditAsync(user.Email ?? userId, AuditAction.ConfirmEmail, ActionOutcome.Refused, null, LinkNotValid);
            return SignUpResult.Refused(LinkNotValid);
        }

        if (!wasProven)
            await ForgetUnprovenLoginsAsync(user);
        return await SetPasswordAsync(user, password, "by confirmation link");
    }

    /// <summary>
    /// A personal invitation, opened without an account that proved the address: makes (or takes over) the account
    /// of the invited address with the chosen password. An account whose address is already proven signs in instead.
    /// </summary>
    public async Task<SignUpResult> AcceptPersonalAsync(InvitationStatus invitation, string password)
    {
        if (invitation is not { IsPersonal: true, IsOpen: true })
            return SignUpResult.Refused(invitation.ClosedReason ?? RosterMessages.NotFound);
        var email = invitation.PersonalEmail!;
        var user = await users.FindByEmailAsync(email);
        if (user is { EmailConfirmed: true })
            return SignUpResult.Refused("This address already has an account: sign in to take your machine.");
        if (user is not null && await IsStaffAsync(user))
            return SignUpResult.Refused(StaffAccount);
        var weak = await PasswordErrorsAsync(user ?? new DashboardUser { UserName = email, Email = email }, password);
        if (weak.Count > 0)
            return new SignUpResult(null, weak);
        if (user is null)
        {
            (user, var created) = await CreateStudentAsync(email);
            if (!created.Succeeded)
                return new SignUpResult(null, created.Errors.ToList());
        }

        await ForgetUnprovenLoginsAsync(user);
        await MarkProvenAsync(user);
        return await SetPasswordAsync(user, password, $"by personal invitation to {invitation.SessionName}");
    }

    /// <summary>The address was proven another way (a personal invitation opened while signed in).</summary>
    public async Task MarkProvenAsync(DashboardUser user)
    {
        if (user.EmailConfirmed)
            return;
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        await users.ConfirmEmailAsync(user, token);
    }

    /// <summary>
    /// Provider logins attached while the address was unproven (a provider that let someone type it) never showed they
    /// belong to its owner: once the owner proves it, they go, and the new stamp ends the sign-ins they opened.
    /// </summary>
    private async Task ForgetUnprovenLoginsAsync(DashboardUser user)
    {
        var logins = await users.GetLoginsAsync(user);
        foreach (var login in logins)
            await users.RemoveLoginAsync(user, login.LoginProvider, login.ProviderKey);
        if (logins.Count > 0)
        {
            await users.UpdateSecurityStampAsync(user);
            await AuditAsync(user.Email ?? "", AuditAction.LinkLogin, ActionOutcome.Succeeded, null,
                $"The address was proven by mail: {string.Join(", ", logins.Select(l => l.ProviderDisplayName ?? l.LoginProvider))} login(s) made before it were removed.");
        }
    }

    private async Task<bool> IsStaffAsync(DashboardUser user) => (await users.GetRolesAsync(user)).Intersect(Staff).Any();

    public static Viewer ViewerOf(DashboardUser user) => Viewer.For(user.Email ?? user.UserName ?? "", Roles.Student) with { UserId = user.Id };

    private async Task<SignUpResult> SetPasswordAsync(DashboardUser user, string password, string how)
    {
        // Whoever typed this address before its owner proved it may have left a password: the owner's replaces it.
        if (await users.HasPasswordAsync(user))
            await users.RemovePasswordAsync(user);
        var set = await users.AddPasswordAsync(user, password);
        if (!await users.IsInRoleAsync(user, Roles.Student) && (await users.GetRolesAsync(user)).Count == 0)
            await users.AddToRoleAsync(user, Roles.Student);
        await AuditAsync(user.Email!, AuditAction.ConfirmEmail, set.Succeeded ? ActionOutcome.Succeeded : ActionOutcome.Failed, null,
            set.Succeeded ? how : Describe(set.Errors));
        return set.Succeeded ? new SignUpResult(user, []) : new SignUpResult(null, set.Errors.ToList());
    }

    private async Task<List<IdentityError>> PasswordErrorsAsync(DashboardUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors);
        }

        return errors;
    }

    private async Task<string> ConfirmLinkAsync(DashboardUser user, string inviteToken)
    {
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return site.Link($"{ConfirmPath}?user={Uri.EscapeDataString(user.Id)}&code={code}&invite={Uri.EscapeDataString(inviteToken)}");
    }

    private static string? Decode(string code)
    {
        try
        {
            return string.IsNullOrEmpty(code) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Describe(IEnumerable<IdentityError> errors) => string.Join(" ", errors.Select(e => e.Description));

    private Task AuditAsync(string actor, AuditAction action, ActionOutcome outcome, string? session, string? detail) =>
        audit.RecordAsync(actor, action, outcome, session, detail: detail);
}
