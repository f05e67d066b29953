using Dashboard.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class CloudBindingConfiguration : IEntityTypeConfiguration<CloudBinding>
{
    public void Configure(EntityTypeBuilder<CloudBinding> builder)
    {
        builder.ToTable("CloudBinding");
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Provider).HasMaxLength(16);
        builder.Property(b => b.SubscriptionId).HasMaxLength(64);
        builder.Property(b => b.ResourceGroup).HasMaxLength(90);
    }
}
