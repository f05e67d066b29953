using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class ActionLogEntryConfiguration : IEntityTypeConfiguration<ActionLogEntry>
{
    public void Configure(EntityTypeBuilder<ActionLogEntry> builder)
    {
        builder.HasIndex(e => e.SessionName);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(32);
        builder.Property(e => e.SessionName).HasMaxLength(40);
        builder.Property(e => e.MachineName).HasMaxLength(64);
        builder.Property(e => e.Error).HasMaxLength(1000);
    }
}
