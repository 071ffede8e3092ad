using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class CouponTemplateConfiguration : IEntityTypeConfiguration<CouponTemplate>
{
    public void Configure(EntityTypeBuilder<CouponTemplate> b)
    {
        b.Property(t => t.Name).HasMaxLength(100).IsRequired();
        b.Property(t => t.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Amount).HasPrecision(18, 2);
        b.Property(t => t.MaxDiscount).HasPrecision(18, 2);
        b.Property(t => t.MinimumSpend).HasPrecision(18, 2);
        b.Property(t => t.ItemName).HasMaxLength(100);
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(t => t.Version).IsConcurrencyToken();
    }
}

public sealed class CouponPackConfiguration : IEntityTypeConfiguration<CouponPack>
{
    public void Configure(EntityTypeBuilder<CouponPack> b)
    {
        b.Property(p => p.Name).HasMaxLength(100).IsRequired();
        b.Property(p => p.Trigger).HasConversion<string>().HasMaxLength(16);
        b.Property(p => p.TierCode).HasMaxLength(32);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PackId).OnDelete(DeleteBehavior.Cascade);
        // The ledger reaction looks up the active packs of a trigger on every registration.
        b.HasIndex(p => new { p.Trigger, p.IsActive });
    }
}

public sealed class CouponPackItemConfiguration : IEntityTypeConfiguration<CouponPackItem>
{
    public void Configure(EntityTypeBuilder<CouponPackItem> b)
    {
        b.HasOne<CouponTemplate>().WithMany().HasForeignKey(i => i.TemplateId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> b)
    {
        b.Property(c => c.Code).HasMaxLength(32).IsRequired();
        b.HasIndex(c => c.Code).IsUnique();
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.Reference).HasMaxLength(200).IsRequired();
        b.Property(c => c.RedeemedChannel).HasConversion<string>().HasMaxLength(16);
        b.Property(c => c.RedeemedOrderId).HasMaxLength(64);
        b.Property(c => c.RedeemedOrderAmount).HasPrecision(18, 2);
        b.Property(c => c.RedeemedDiscount).HasPrecision(18, 2);
        b.Property(c => c.RedeemedById).HasMaxLength(450);
        b.Property(c => c.RedeemedByName).HasMaxLength(256);
        b.Property(c => c.RedeemRequestId).HasMaxLength(100);
        b.Property(c => c.VoidReason).HasMaxLength(500);
        b.Property(c => c.VoidedById).HasMaxLength(450);
        b.Property(c => c.VoidedByName).HasMaxLength(256);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponTemplate>().WithMany().HasForeignKey(c => c.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponPack>().WithMany().HasForeignKey(c => c.PackId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(c => c.RedeemedStoreId).OnDelete(DeleteBehavior.Restrict);
        // A member's coupons (and the idempotency check by source and reference); the expiry job's scan.
        b.HasIndex(c => new { c.MemberId, c.Source, c.Reference });
        b.HasIndex(c => new { c.MemberId, c.TemplateId });
        // The member centre's coupon lists: by status, soonest ending first.
        b.HasIndex(c => new { c.MemberId, c.Status, c.ValidUntilUtc });
        b.HasIndex(c => new { c.Status, c.ValidUntilUtc });
    }
}
