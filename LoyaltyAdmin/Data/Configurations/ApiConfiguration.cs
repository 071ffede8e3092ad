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
