using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class StateChangeConfiguration : IEntityTypeConfiguration<StateChange>
{
    public void Configure(EntityTypeBuilder<StateChange> builder)
    {
        builder.HasIndex(c => c.MachineId);
        builder.HasIndex(c => c.SessionName);
        builder.Property(c => c.SessionName).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(c => c.MachineName).HasMaxLength(ColumnLimits.MachineName);
    }
}
