using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class MachineConfiguration : IEntityTypeConfiguration<Machine>
{
    public void Configure(EntityTypeBuilder<Machine> builder)
    {
        builder.HasIndex(m => m.Name).IsUnique();
        builder.HasIndex(m => m.AssignedUser);
        builder.Property(m => m.Name).HasMaxLength(64);
        builder.Property(m => m.Size).HasMaxLength(64);
        builder.Property(m => m.Image).HasMaxLength(256);
        builder.Property(m => m.AssignedUser).HasMaxLength(256);
        builder.Property(m => m.CloudId).HasMaxLength(400);
        builder.Property(m => m.LastError).HasMaxLength(1000);
    }
}
