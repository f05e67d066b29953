namespace Dashboard.Account;

/// <summary>
/// Section <c>Accounts</c>: how often open pages and hub connections check that their account still stands
/// (exists, is not locked out, has the security stamp it signed in with).
/// </summary>
public sealed class AccountRecheckOptions
{
    public const string Section = "Accounts";

    public double RecheckSeconds { get; set; } = 30;

    public TimeSpan RecheckInterval => TimeSpan.FromSeconds(RecheckSeconds);
}
