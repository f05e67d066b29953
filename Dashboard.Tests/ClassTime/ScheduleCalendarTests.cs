using Dashboard.Core.ClassTime;

namespace Dashboard.Tests.ClassTime;

public sealed class ScheduleCalendarTests
{
    private const string Berlin = "Europe/Berlin";
    private static readonly RuleSpec MorningClass = RuleSpec.Weekly(WeekDays.Weekdays, new TimeOnly(9, 0), new TimeOnly(12, 0), Berlin);

    [Fact]
    public void A_9_oclock_class_in_Berlin_starts_at_8_UTC_in_winter_and_at_7_UTC_after_clocks_go_forward()
    {
        // Clocks go forward on Sunday 28 March 2027.
        var starts = ScheduleCalendar.Starts([MorningClass], Utc(2027, 3, 25, 0, 0), Utc(2027, 3, 30, 0, 0)).ToList();

        Assert.Equal([Utc(2027, 3, 25, 8, 0), Utc(2027, 3, 26, 8, 0), Utc(2027, 3, 29, 7, 0)], starts);
    }

    [Fact]
    public void A_stop_in_the_hour_the_clocks_skip_happens_once_at_the_change_and_one_in_the_repeated_hour_happens_once()
    {
        var night = RuleSpec.Weekly(WeekDays.Sunday, null, new TimeOnly(2, 30), Berlin);

        var spring = ScheduleCalendar.Stops([night], Utc(2027, 3, 27, 0, 0), Utc(2027, 3, 29, 0, 0)).ToList();
        var autumn = ScheduleCalendar.Stops([night], Utc(2027, 10, 30, 0, 0), Utc(2027, 11, 1, 0, 0)).ToList();

        // 02:30 does not exist on 28 March: the stop happens when the clocks jump (01:00 UTC).
        Assert.Equal([Utc(2027, 3, 28, 1, 0)], spring);
        // 02:30 happens twice on 31 October: the stop happens once, at the first.
        Assert.Equal([Utc(2027, 10, 31, 0, 30)], autumn);
    }

    [Fact]
    public void Class_time_is_the_window_between_a_start_and_the_next_stop_and_hours_outside_it_are_counted()
    {
        var monday = Utc(2027, 3, 22, 0, 0);

        Assert.True(ScheduleCalendar.IsClassTime([MorningClass], Utc(2027, 3, 22, 8, 0)));
        Assert.False(ScheduleCalendar.IsClassTime([MorningClass], Utc(2027, 3, 22, 11, 0)));
        Assert.False(ScheduleCalendar.IsClassTime([MorningClass], Utc(2027, 3, 27, 9, 0)));
        // 07:00–13:00 UTC on a Monday: three class hours (08:00–11:00 UTC), three outside.
        Assert.Equal(TimeSpan.FromHours(3), ScheduleCalendar.OutsideClass([MorningClass], monday.AddHours(7), monday.AddHours(13)));
    }

    [Fact]
    public void A_one_off_event_starts_and_stops_once_and_is_class_time_in_between()
    {
        var exam = RuleSpec.Once(Utc(2027, 1, 15, 13, 0), Utc(2027, 1, 15, 16, 0));

        Assert.Equal([Utc(2027, 1, 15, 13, 0)], ScheduleCalendar.Starts([exam], Utc(2027, 1, 1, 0, 0), Utc(2027, 2, 1, 0, 0)));
        Assert.Equal([Utc(2027, 1, 15, 16, 0)], ScheduleCalendar.Stops([exam], Utc(2027, 1, 1, 0, 0), Utc(2027, 2, 1, 0, 0)));
        Assert.True(ScheduleCalendar.IsClassTime([exam], Utc(2027, 1, 15, 15, 59)));
        Assert.False(ScheduleCalendar.IsClassTime([exam], Utc(2027, 1, 15, 16, 0)));
    }

    [Theory]
    [InlineData("Mars/Olympus", "not a time zone")]
    [InlineData(Berlin, null)]
    public void An_unknown_time_zone_is_named_in_the_problem(string zone, string? problem)
    {
        var rule = RuleSpec.Weekly(WeekDays.Monday, new TimeOnly(9, 0), null, zone);

        var found = ScheduleCalendar.Problem(rule);

        if (problem is null)
            Assert.Null(found);
        else
            Assert.Contains(problem, found);
    }

    [Fact]
    public void Rules_that_cannot_work_are_refused_in_words()
    {
        Assert.Equal("A weekly rule needs at least one day.", ScheduleCalendar.Problem(RuleSpec.Weekly(WeekDays.None, new TimeOnly(9, 0), null, Berlin)));
        Assert.Equal("A one-off event must stop after it starts.", ScheduleCalendar.Problem(RuleSpec.Once(Utc(2027, 1, 2, 0, 0), Utc(2027, 1, 1, 0, 0))));
    }

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);
}
