using Dashboard.Core.Domain;
using Dashboard.Core.Mail;

namespace Dashboard.Core.ClassTime;

/// <summary>Mails the warnings before automatic stops, where mail is set up: each student about their machine, the owner once per session.</summary>
public sealed class StopWarningMails(IMailSender mail)
{
    public async Task SendAsync(SessionView session, IReadOnlyList<(MachineView Machine, PlannedStop Stop)> warned, DateTimeOffset now)
    {
        if (!mail.CanSend || warned.Count == 0)
            return;
        foreach (var (machine, stop) in warned.Where(w => w.Machine.AssignedUserId is not null && w.Machine.AssignedUser is not null))
        {
            var when = ClassTimeText.When(session, stop.DueAt, now);
            await mail.SendAsync(new OutgoingMail(machine.AssignedUser!, $"{machine.Name} stops {when}",
                $"{ClassTimeText.Why(stop.Reason, toTheStudent: true)} stops your machine {machine.Name} in {session.Name} {when}.\n" +
                "Save your work. " + (session.ClassTime.Settings.StudentsMayPostpone && Countdown.StudentsMayChange(stop.Reason)
                    ? "You can postpone the stop on your machines page."
                    : "Ask your instructor if you need more time.")));
        }

        var first = warned.MinBy(w => w.Stop.DueAt);
        if (session.Owner.Contains('@'))
        {
            await mail.SendAsync(new OutgoingMail(session.Owner, $"{warned.Count} machine(s) of {session.Name} stop {ClassTimeText.When(session, first.Stop.DueAt, now)}",
                $"{ClassTimeText.Why(first.Stop.Reason)} stops {string.Join(", ", warned.Select(w => w.Machine.Name).Take(20))}" +
                $"{(warned.Count > 20 ? $" and {warned.Count - 20} more" : "")} {ClassTimeText.When(session, first.Stop.DueAt, now)}.\n" +
                ClassTimeText.OwnersChoices(warned.Select(w => w.Stop.Reason))));
        }
    }
}
