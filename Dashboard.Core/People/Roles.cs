namespace Dashboard.Core.People;

/// <summary>The four kinds of people the dashboard serves.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Instructor = "Instructor";
    public const string Student = "Student";
    public const string Ops = "Ops";

    public static IReadOnlyList<string> All { get; } = [Admin, Instructor, Student, Ops];
}
