using Dashboard.Core.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Dashboard.Core.Persistence.Configurations;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> builder)
    {
        builder.ToTable("PersonalAccessTokens");
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.OwnerId).HasMaxLength(450);
        builder.Property(t => t.Name).HasMaxLength(ApiLimits.TokenName);
        builder.Property(t => t.Scopes).HasMaxLength(64);
        builder.Property(t => t.SecretHash).HasMaxLength(64);
        builder.Property(t => t.Hint).HasMaxLength(16);
        builder.HasIndex(t => t.SecretHash).IsUnique();
        builder.HasIndex(t => t.OwnerId);
        builder.Ignore(t => t.ScopeList);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.Property(r => r.Caller).HasMaxLength(64);
        builder.Property(r => r.Key).HasMaxLength(ApiLimits.IdempotencyKey);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(128);
        // The one guard against running a request twice, across every server sharing the database.
        builder.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        builder.HasIndex(r => r.ExpiresAtUtc);
    }
}
