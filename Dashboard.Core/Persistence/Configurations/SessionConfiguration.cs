using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> builder)
    {
        builder.HasIndex(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(s => s.Owner).HasMaxLength(ColumnLimits.Person);
        builder.Property(s => s.SharedStorage).HasMaxLength(ColumnLimits.SharedStorage);
        builder.Property(s => s.ScheduleProblem).HasMaxLength(ColumnLimits.Message);
        builder.Property(s => s.Budget).HasPrecision(18, 2);
        builder.HasMany(s => s.Machines).WithOne().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Formation>().WithMany().HasForeignKey(s => s.FormationId).OnDelete(DeleteBehavior.SetNull);
    }
}
