namespace Dashboard.Core.People;

/// <summary>
/// How many sign-up mails one open invitation link sends per hour: a few per free seat (at least
/// <see cref="Minimum"/>). Each request makes an unproven account and a mail to whatever address was typed, so a
/// leaked link must not become a way to mail the world; the per-address sign-in limit alone allows 20 a minute.
/// </summary>
public sealed class SignUpLimits(TimeProvider time)
{
    public const int Minimum = 10;
    public const int PerSeat = 3;
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);
    public const string Reached = "This invitation has had many sign-ups in the last hour. Try again later, or ask your instructor.";

    private readonly Dictionary<string, (DateTimeOffset Since, int Count)> _windows = new(StringComparer.Ordinal);

    /// <summary>Counts one sign-up on this link; false when its hour's share is used up.</summary>
    public bool TryTake(string inviteToken, int seatsLeft)
    {
        var now = time.GetUtcNow();
        var limit = Math.Max(Minimum, PerSeat * Math.Max(0, seatsLeft));
        lock (_windows)
        {
            foreach (var stale in _windows.Where(w => now - w.Value.Since >= Window).Select(w => w.Key).ToList())
                _windows.Remove(stale);
            var (since, count) = _windows.GetValueOrDefault(inviteToken, (now, 0));
            if (count >= limit)
                return false;
            _windows[inviteToken] = (since, count + 1);
            return true;
        }
    }
}
