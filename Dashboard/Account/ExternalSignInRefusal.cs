namespace Dashboard.Account;

/// <summary>Why a sign-in through the identity provider was refused; the login page shows each as a plain sentence.</summary>
public enum ExternalSignInRefusal
{
    Failed,
    NoEmail,
    UsePassword,
    LockedOut,
}

public static class ExternalSignInMessages
{
    public static string Of(ExternalSignInRefusal refusal) => refusal switch
    {
        ExternalSignInRefusal.NoEmail => "The identity provider did not send an e-mail address, so you cannot be signed in with it.",
        ExternalSignInRefusal.UsePassword => "An account with this e-mail address already exists here. Sign in with your password instead.",
        ExternalSignInRefusal.LockedOut => "This account is locked. Ask an admin to unlock it.",
        _ => "Signing in with the identity provider did not work. Try again.",
    };

    /// <summary>The refusal named in the login page's <c>error</c> query, if it names one.</summary>
    public static string? FromQuery(string? error) =>
        error is null ? null
        : Enum.TryParse<ExternalSignInRefusal>(error, ignoreCase: true, out var refusal) ? Of(refusal)
        : Of(ExternalSignInRefusal.Failed);
}
