using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Core.Persistence;

/// <summary>
/// The dashboard's model. Each provider has a subclass so each keeps its own migrations;
/// application code only ever sees this type.
/// </summary>
public abstract class DashboardDbContext(DbContextOptions options) : IdentityDbContext<DashboardUser>(options)
{
    public DbSet<Formation> Formations => Set<Formation>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Machine> Machines => Set<Machine>();
    public DbSet<ActionLogEntry> ActionLog => Set<ActionLogEntry>();
    public DbSet<StateChange> StateChanges => Set<StateChange>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<CloudBinding> CloudBindings => Set<CloudBinding>();
    public DbSet<OperationRecord> OperationRecords => Set<OperationRecord>();
    public DbSet<ClassTime.ScheduleRule> ScheduleRules => Set<ClassTime.ScheduleRule>();
    public DbSet<ClassTime.PlannedStop> PlannedStops => Set<ClassTime.PlannedStop>();
    public DbSet<ClassTime.QuotaAccount> QuotaAccounts => Set<ClassTime.QuotaAccount>();
    public DbSet<ClassTime.QuotaRun> QuotaRuns => Set<ClassTime.QuotaRun>();
    public DbSet<Spot.Alerts.SpotNotification> SpotNotifications => Set<Spot.Alerts.SpotNotification>();
    public DbSet<Spot.Alerts.NotificationReadMark> NotificationReadMarks => Set<Spot.Alerts.NotificationReadMark>();
    public DbSet<Api.PersonalAccessToken> PersonalAccessTokens => Set<Api.PersonalAccessToken>();
    public DbSet<Api.IdempotencyRecord> IdempotencyRecords => Set<Api.IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DashboardDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in the database and safe against reordering.
        configurationBuilder.Properties<FormationKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MachineRole>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<MachinePriority>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<EvictionPolicy>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MachineState>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ActionOutcome>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<StateChangeCause>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<Spot.SpotRecovery>().HaveConversion<string>().HaveMaxLength(16);
    }
}

public sealed class SqliteDashboardContext(DbContextOptions<SqliteDashboardContext> options) : DashboardDbContext(options);

public sealed class SqlServerDashboardContext(DbContextOptions<SqlServerDashboardContext> options) : DashboardDbContext(options);
