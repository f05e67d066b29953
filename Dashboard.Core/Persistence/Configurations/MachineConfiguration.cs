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
        builder.Property(m => m.Name).HasMaxLength(ColumnLimits.MachineName);
        builder.Property(m => m.Size).HasMaxLength(ColumnLimits.Size);
        builder.Property(m => m.Image).HasMaxLength(ColumnLimits.Image);
        builder.Property(m => m.AssignedUser).HasMaxLength(ColumnLimits.Person);
        builder.HasIndex(m => m.AssignedUserId);
        builder.Property(m => m.AssignedUserId).HasMaxLength(ColumnLimits.AccountId);
        builder.Property(m => m.CloudId).HasMaxLength(ColumnLimits.CloudId);
        builder.Property(m => m.LastError).HasMaxLength(ColumnLimits.Message);
    }
}
