namespace Dashboard.Core.Mail;

/// <summary>The mails people get. Each link is the only proof asked for, so each goes to the address it is about.</summary>
public static class PeopleMails
{
    private const string Signature = "\n\n-- \nSession Dashboard";

    public static OutgoingMail PersonalInvitation(string to, string session, string machine, string link) => new(to,
        $"Your machine in {session}",
        $"Your instructor set aside {machine} in {session} for {to}.\n\n" +
        $"Open this link to sign up (or sign in) and take it:\n{link}\n\n" +
        "The link is personal: it proves that this address is yours, so do not forward it." + Signature);

    public static OutgoingMail MachineAssigned(string to, string session, string machine, string link) => new(to,
        $"Your machine in {session}",
        $"Your instructor gave you {machine} in {session}.\n\nSign in to reach it:\n{link}" + Signature);

    public static OutgoingMail ConfirmSignUp(string to, string session, string link) => new(to,
        $"Finish signing up for {session}",
        $"Someone (we hope you) asked to join {session} with this address.\n\n" +
        $"Open this link to choose your password and get your machine:\n{link}\n\n" +
        "If it was not you, ignore this mail: nothing happens without the link." + Signature);

    public static OutgoingMail AlreadySignedUp(string to, string session, string link) => new(to,
        $"You already have an account ({session})",
        $"Someone (we hope you) asked to sign up for {session} with this address, which already has an account.\n\n" +
        $"Sign in instead to get your machine:\n{link}\n\n" +
        "If it was not you, ignore this mail: your account is unchanged." + Signature);
}
