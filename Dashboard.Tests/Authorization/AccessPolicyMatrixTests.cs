using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Core.Setup;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Authorization;

/// <summary>The one authorization check as a table: every role against every action, with what it must allow.</summary>
public sealed class AccessPolicyMatrixTests
{
    private const string Batch = "Batch";
    private const string Evict = "SimulateEviction";
    private const string Create = "CreateSessions";
    private const string People = "ManagePeople";
    private const string OpenAudit = "OpenAudit";
    private const string ReadAudit = "ReadAudit";

    private static readonly Dictionary<string, Viewer> Viewers = new()
    {
        ["admin"] = TestViewers.Admin,
        ["owner instructor"] = TestViewers.Instructor,
        ["other instructor"] = TestViewers.OtherInstructor,
        ["ops"] = TestViewers.Ops,
        ["assigned student"] = TestViewers.Student(1),
        ["other student"] = TestViewers.Student(2),
        ["anonymous"] = Viewer.For(""),
    };

    private static readonly string[] MachineActions = Enum.GetNames<MachineAction>();
    private static readonly string[] AllActions = [.. MachineActions, Batch, Evict, Create, People, OpenAudit, ReadAudit];

    /// <summary>What each role may do to student01's machine in python-workshop (owned by the instructor); the rest is refused.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["admin"] = AllActions,
        ["owner instructor"] = [.. MachineActions, Batch, Create, People, OpenAudit, ReadAudit],
        ["other instructor"] = [Create, OpenAudit],
        ["ops"] = [Evict, OpenAudit, ReadAudit],
        ["assigned student"] = [nameof(MachineAction.Start), nameof(MachineAction.Stop), nameof(MachineAction.Connect)],
        ["other student"] = [],
        ["anonymous"] = [],
    };

    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var role in Viewers.Keys)
        {
            foreach (var action in AllActions)
                data.Add(role, action, Allowed[role].Contains(action));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Each_role_may_do_exactly_what_the_table_says(string role, string action, bool expected)
    {
        var viewer = Viewers[role];
        var session = PythonWorkshop();

        Assert.Equal(expected, Decide(viewer, session, action));
    }

    [Theory]
    [InlineData(MachineAction.Start)]
    [InlineData(MachineAction.Stop)]
    public void A_student_may_not_start_or_stop_their_machine_when_the_session_disallows_it(MachineAction action)
    {
        var session = PythonWorkshop() with { StudentsMayStartStop = false };

        var decision = AccessPolicy.CanRun(TestViewers.Student(1), session, session.Machines[0], action);

        Assert.False(decision.Allowed);
        Assert.Equal("Your instructor manages starting and stopping in this session.", decision.Reason);
        Assert.True(AccessPolicy.CanRun(TestViewers.Student(1), session, session.Machines[0], MachineAction.Connect).Allowed);
        Assert.True(AccessPolicy.CanRun(TestViewers.Instructor, session, session.Machines[0], action).Allowed);
    }

    [Fact]
    public void VisiblePart_gives_a_student_only_their_own_machines()
    {
        var session = PythonWorkshop();

        var part = AccessPolicy.VisiblePart(TestViewers.Student(2), session);

        Assert.NotNull(part);
        Assert.Equal(["python-workshop-02"], part.Machines.Select(m => m.Name));
        Assert.Equal(session.Id, part.Id);
        Assert.False(AccessPolicy.CanSeeWholeSession(TestViewers.Student(2), session));
    }

    [Fact]
    public void VisiblePart_is_everything_for_admin_ops_and_the_owner_and_nothing_for_the_rest()
    {
        var session = PythonWorkshop();

        Assert.Same(session, AccessPolicy.VisiblePart(TestViewers.Admin, session));
        Assert.Same(session, AccessPolicy.VisiblePart(TestViewers.Ops, session));
        Assert.Same(session, AccessPolicy.VisiblePart(TestViewers.Instructor, session));
        Assert.Null(AccessPolicy.VisiblePart(TestViewers.OtherInstructor, session));
        Assert.Null(AccessPolicy.VisiblePart(TestViewers.Student(3), session));
        Assert.Null(AccessPolicy.VisiblePart(Viewer.For(""), session));
        // A machine with nobody assigned must not leak to a person with no name.
        var unassigned = session with { Machines = [session.Machines[0] with { AssignedUser = null, AssignedUserId = null }] };
        Assert.Null(AccessPolicy.VisiblePart(Viewer.For("", Roles.Student), unassigned));
    }

    [Fact]
    public void Audit_reading_follows_session_ownership_and_own_entries()
    {
        IReadOnlySet<string> owned = new HashSet<string> { "python-workshop" };
        IReadOnlySet<string> none = new HashSet<string>();
        var ownSignIn = Entry(DemoData.Instructor, "SignIn", null);
        var othersSignIn = Entry("admin@demo.test", "SignIn", null);

        Assert.True(AccessPolicy.CanReadAudit(TestViewers.Instructor, ownSignIn, none));
        Assert.False(AccessPolicy.CanReadAudit(TestViewers.Instructor, othersSignIn, owned));
        Assert.False(AccessPolicy.CanReadAudit(TestViewers.Instructor, Entry("admin@demo.test", "Stop", "spark-analytics"), owned));
        Assert.True(AccessPolicy.CanReadAudit(TestViewers.Ops, othersSignIn, none));
        // A session-less entry never matches an instructor's sessions, and an anonymous viewer matches no actor.
        Assert.False(AccessPolicy.CanReadAudit(Viewer.For(""), Entry("", "SignIn", null), none));
        Assert.False(AccessPolicy.CanReadAudit(Viewer.For("", Roles.Instructor), Entry("(blank)", "SignIn", null), owned));
    }

    private static bool Decide(Viewer viewer, SessionView session, string action)
    {
        var machine = session.Machines[0];
        return action switch
        {
            Batch => AccessPolicy.CanRunBatch(viewer, session).Allowed,
            Evict => AccessPolicy.CanSimulateEviction(viewer).Allowed,
            Create => AccessPolicy.CanCreateSessions(viewer),
            People => AccessPolicy.CanManagePeople(viewer, session),
            OpenAudit => AccessPolicy.CanOpenAudit(viewer),
            // Another person's entry on the session: only those who oversee the session may read it.
            ReadAudit => AccessPolicy.CanReadAudit(viewer, Entry("someone@demo.test", "Stop", session.Name),
                viewer.IsInstructor && viewer.IsNamed(session.Owner) ? new HashSet<string> { session.Name } : new HashSet<string>()),
            _ => AccessPolicy.CanRun(viewer, session, machine, Enum.Parse<MachineAction>(action)).Allowed,
        };
    }

    private static ActionLogEntry Entry(string actor, string action, string? session) =>
        new() { At = DateTimeOffset.UtcNow, Actor = actor, Action = Enum.Parse<AuditAction>(action), SessionName = session, Outcome = ActionOutcome.Succeeded };

    /// <summary>python-workshop as the demo has it: owned by the instructor, machine 1 for student01, machine 2 for student02.</summary>
    private static SessionView PythonWorkshop()
    {
        var id = Guid.NewGuid();
        MachineView Member(int n) => TestMachines.Regular(MachineState.Running) with
        {
            SessionId = id, Name = $"python-workshop-{n:00}", Role = MachineRole.PoolMember, Ordinal = n,
            AssignedUser = DemoData.Student(n),
            AssignedUserId = PeopleInitializer.DemoAccountId(DemoData.Student(n)),
        };

        return new SessionView
        {
            Id = id, Name = "python-workshop", Kind = FormationKind.MachinePool, Owner = DemoData.Instructor,
            Machines = [Member(1), Member(2)],
        };
    }
}
