using Dashboard.Core.Spot;
using Dashboard.Core.Spot.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class SpotNotificationConfiguration : IEntityTypeConfiguration<SpotNotification>
{
    public void Configure(EntityTypeBuilder<SpotNotification> builder)
    {
        builder.HasKey(n => n.Number);
        builder.Property(n => n.Number).ValueGeneratedOnAdd();
        builder.HasIndex(n => n.EventId).IsUnique();
        // An instructor's bell counts their sessions' rows after their mark.
        builder.HasIndex(n => new { n.OwnerKey, n.Number });
        builder.Property(n => n.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(n => n.SessionName).HasMaxLength(ColumnLimits.SessionName);
        builder.Property(n => n.Owner).HasMaxLength(ColumnLimits.Person);
        builder.Property(n => n.OwnerKey).HasMaxLength(ColumnLimits.Person);
        builder.Property(n => n.MachineName).HasMaxLength(ColumnLimits.MachineName);
        builder.Property(n => n.Size).HasMaxLength(ColumnLimits.Size);
        builder.Property(n => n.Policy).HasMaxLength(16);
        builder.Property(n => n.Detail).HasMaxLength(ColumnLimits.Message);
    }
}

internal sealed class NotificationReadMarkConfiguration : IEntityTypeConfiguration<NotificationReadMark>
{
    public void Configure(EntityTypeBuilder<NotificationReadMark> builder)
    {
        builder.HasKey(m => m.Recipient);
        builder.Property(m => m.Recipient).HasMaxLength(ColumnLimits.Person);
    }
}
