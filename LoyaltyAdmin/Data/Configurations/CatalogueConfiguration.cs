using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class CatalogueItemConfiguration : IEntityTypeConfiguration<CatalogueItem>
{
    public void Configure(EntityTypeBuilder<CatalogueItem> b)
    {
        b.Property(i => i.Code).HasMaxLength(CatalogueService.CodeMaxLength).IsRequired();
        b.HasIndex(i => i.Code).IsUnique();
        b.Property(i => i.Name).HasMaxLength(CatalogueService.NameMaxLength).IsRequired();
        b.Property(i => i.Description).HasMaxLength(CatalogueService.DescriptionMaxLength);
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.MemberDay).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.MemberDayWeekday).HasConversion<string>().HasMaxLength(16);
        b.Property(i => i.Cash).HasPrecision(18, 2);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne<CouponTemplate>().WithMany().HasForeignKey(i => i.CouponTemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponPack>().WithMany().HasForeignKey(i => i.CouponPackId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CatalogueRedemptionConfiguration : IEntityTypeConfiguration<CatalogueRedemption>
{
    public void Configure(EntityTypeBuilder<CatalogueRedemption> b)
    {
        b.Property(r => r.ItemCode).HasMaxLength(CatalogueService.CodeMaxLength).IsRequired();
        b.Property(r => r.ItemName).HasMaxLength(CatalogueService.NameMaxLength).IsRequired();
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Cash).HasPrecision(18, 2);
        b.Property(r => r.RequestId).HasMaxLength(100).IsRequired();
        b.HasIndex(r => r.RequestId).IsUnique();
        b.Property(r => r.OperatorId).HasMaxLength(450);
        b.Property(r => r.ByName).HasMaxLength(256).IsRequired();
        b.Property(r => r.HandedOverByName).HasMaxLength(256);
        b.Property(r => r.CouponCode).HasMaxLength(32);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(r => r.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.StoreId).OnDelete(DeleteBehavior.Restrict);
        // The per-member limit counts a member's redemptions of one item.
        b.HasIndex(r => new { r.MemberId, r.ItemId });
    }
}

public sealed class PointsPaymentPolicyConfiguration : IEntityTypeConfiguration<PointsPaymentPolicy>
{
    public void Configure(EntityTypeBuilder<PointsPaymentPolicy> b)
    {
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Version).IsConcurrencyToken();
    }
}
