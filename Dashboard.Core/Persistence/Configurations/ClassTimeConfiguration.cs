using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class ScheduleRuleConfiguration : IEntityTypeConfiguration<ScheduleRule>
{
    public void Configure(EntityTypeBuilder<ScheduleRule> builder)
    {
        builder.ToTable("ScheduleRules");
        builder.HasOne<Session>().WithMany(s => s.Schedule).HasForeignKey(r => r.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.TimeZone).HasMaxLength(ColumnLimits.TimeZone);
    }
}

internal sealed class PlannedStopConfiguration : IEntityTypeConfiguration<PlannedStop>
{
    public void Configure(EntityTypeBuilder<PlannedStop> builder)
    {
        builder.ToTable("PlannedStops");
        // One stop per machine and occurrence: a second instance or a restart finds the first, never adds another.
        builder.HasIndex(p => new { p.MachineId, p.Reason, p.PlannedAt }).IsUnique();
        builder.HasIndex(p => p.DoneAt);
        builder.Property(p => p.Reason).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.ChangedBy).HasMaxLength(ColumnLimits.Person);
    }
}

internal sealed class QuotaAccountConfiguration : IEntityTypeConfiguration<QuotaAccount>
{
    public void Configure(EntityTypeBuilder<QuotaAccount> builder)
    {
        builder.ToTable("QuotaAccounts");
        builder.HasIndex(a => new { a.SessionId, a.UserId }).IsUnique();
        builder.Property(a => a.UserId).HasMaxLength(ColumnLimits.AccountId);
        builder.Property(a => a.Email).HasMaxLength(ColumnLimits.Person);
    }
}

internal sealed class QuotaRunConfiguration : IEntityTypeConfiguration<QuotaRun>
{
    public void Configure(EntityTypeBuilder<QuotaRun> builder)
    {
        builder.ToTable("QuotaRuns");
        builder.HasKey(r => r.MachineId);
        builder.Property(r => r.UserId).HasMaxLength(ColumnLimits.AccountId);
    }
}
