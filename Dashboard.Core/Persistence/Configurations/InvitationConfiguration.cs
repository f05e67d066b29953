using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.HasIndex(i => i.Token).IsUnique();
        builder.Property(i => i.Token).HasMaxLength(ColumnLimits.Token);
        builder.Property(i => i.SessionName).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(i => i.CreatedBy).HasMaxLength(ColumnLimits.Person);
        builder.Property(i => i.Email).HasMaxLength(ColumnLimits.Person);
        builder.HasOne<Session>().WithMany().HasForeignKey(i => i.SessionId).OnDelete(DeleteBehavior.Cascade);
    }
}
