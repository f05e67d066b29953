using Dashboard.Core.People;
using Dashboard.Core.Setup;

namespace Dashboard.Tests.Support;

/// <summary>The demo's people, as the authorization rules see them.</summary>
public static class TestViewers
{
    public static Viewer Admin { get; } = Viewer.For("admin@demo.test", Roles.Admin);
    public static Viewer Instructor { get; } = Viewer.For(DemoData.Instructor, Roles.Instructor);
    public static Viewer OtherInstructor { get; } = Viewer.For("other-instructor@demo.test", Roles.Instructor);
    public static Viewer Ops { get; } = Viewer.For("ops@demo.test", Roles.Ops);

    /// <summary>A demo student as their signed-in account: machines are held by account id, not by the address.</summary>
    public static Viewer Student(int number) =>
        Viewer.For(DemoData.Student(number), Roles.Student) with { UserId = PeopleInitializer.DemoAccountId(DemoData.Student(number)) };
}
