using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class OperationRecordConfiguration : IEntityTypeConfiguration<OperationRecord>
{
    public void Configure(EntityTypeBuilder<OperationRecord> builder)
    {
        builder.ToTable("OperationRecords");
        // A start looks for the records still open; the history of one machine or batch reads by these.
        builder.HasIndex(r => r.State);
        builder.HasIndex(r => r.MachineId);
        builder.HasIndex(r => r.BatchId);
        builder.Property(r => r.SessionName).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(r => r.MachineName).HasMaxLength(ColumnLimits.MachineName);
        builder.Property(r => r.Action).HasMaxLength(ColumnLimits.OperationAction);
        builder.Property(r => r.Actor).HasMaxLength(ColumnLimits.Person);
        builder.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Message).HasMaxLength(ColumnLimits.Message);
    }
}
