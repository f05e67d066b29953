namespace Dashboard.Core.Domain;

/// <summary>
/// Everything the audit trail records. Stored by name, so entries written before a member was added still read;
/// the audit page offers every member as a filter.
/// </summary>
public enum AuditAction
{
    // Machine actions, named as MachineAction.
    Start,
    Stop,
    Hibernate,
    Reboot,
    Snapshot,
    Delete,
    Connect,
    Retry,
    Restore,
    Reimage,
    CreateFromSnapshot,

    // Batches, named as BatchAction.
    StartAll,
    StopAll,
    TerminateAll,

    SimulateEviction,
    CreateSession,

    // People and access.
    SignIn,
    SignOut,
    SignUp,
    ClaimSeat,
    CreateInvitation,
    RevokeInvitation,
    Assign,
    Unassign,
    Reassign,
    StudentStartStop,
    ExportRoster,

    // Setup.
    BootstrapAdmin,

    // Discovery.
    AdoptMachines,

    // E-mail.
    SendInvitation,
    SendSignUpMail,
    ConfirmEmail,
    TakeAssignment,

    // Recovery.
    OperationInterrupted,

    // Accounts.
    ChangeRoles,
    LockAccount,
    UnlockAccount,
    LinkLogin,
    EndConnection,

    // Class time.
    SetSchedule,
    ScheduledStart,
    ScheduledStop,
    PostponeStop,
    SkipStop,
    GrantHours,

    // Costs and budgets.
    SetBudget,
    BudgetWarning,
    BudgetStop,
    ExportCosts,

    // Spot recovery.
    SetSpotRecovery,
    RecoverSpot,
}

public static class AuditActions
{
    public static AuditAction Of(MachineAction action) => Enum.Parse<AuditAction>(action.ToString());

    public static AuditAction Of(BatchAction action) => Enum.Parse<AuditAction>(action.ToString());
}
