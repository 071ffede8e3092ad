using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100).IsRequired();
        b.Property(k => k.Prefix).HasMaxLength(16).IsRequired();
        b.Property(k => k.Hash).HasMaxLength(64).IsRequired();
        b.HasIndex(k => k.Hash).IsUnique();
        b.Property(k => k.CreatedBy).HasMaxLength(256);
        b.Property(k => k.RevokedBy).HasMaxLength(256);
        b.HasOne<Store>().WithMany().HasForeignKey(k => k.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ApiRequestConfiguration : IEntityTypeConfiguration<ApiRequest>
{
    public void Configure(EntityTypeBuilder<ApiRequest> b)
    {
        b.Property(r => r.Kind).HasMaxLength(16).IsRequired();
        b.Property(r => r.RequestId).HasMaxLength(64).IsRequired();
        b.Property(r => r.BodyHash).HasMaxLength(64).IsRequired();
        // The unique index is the idempotency guarantee: two racing first sends cannot both be "first".
        b.HasIndex(r => new { r.StoreId, r.Kind, r.RequestId }).IsUnique();
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}
