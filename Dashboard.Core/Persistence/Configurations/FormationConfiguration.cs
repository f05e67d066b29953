using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class FormationConfiguration : IEntityTypeConfiguration<Formation>
{
    public void Configure(EntityTypeBuilder<Formation> builder)
    {
        builder.HasIndex(f => f.Name).IsUnique();
        builder.Property(f => f.Name).HasMaxLength(80);
        builder.Property(f => f.Description).HasMaxLength(400);
        builder.Property(f => f.Image).HasMaxLength(256);
        builder.Property(f => f.Size).HasMaxLength(64);
        builder.Property(f => f.SharedStorage).HasMaxLength(200);
    }
}
