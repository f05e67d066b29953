using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class ActionLogEntryConfiguration : IEntityTypeConfiguration<ActionLogEntry>
{
    public void Configure(EntityTypeBuilder<ActionLogEntry> builder)
    {
        builder.HasIndex(e => e.SessionName);
        builder.Property(e => e.Actor).HasMaxLength(ColumnLimits.Person);
        builder.Property(e => e.Action).HasConversion<string>().HasMaxLength(ColumnLimits.AuditAction);
        builder.Property(e => e.SessionName).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(e => e.MachineName).HasMaxLength(ColumnLimits.MachineName);
        builder.Property(e => e.Error).HasMaxLength(ColumnLimits.AuditDetail);
    }
}
