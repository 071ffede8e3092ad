using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class ReferralCampaignConfiguration : IEntityTypeConfiguration<ReferralCampaign>
{
    public void Configure(EntityTypeBuilder<ReferralCampaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(100).IsRequired();
        b.Property(c => c.ReferrerStage).HasConversion<string>().HasMaxLength(16);
        // Campaigns from before the friend's stage could be chosen rewarded the friend on registering.
        b.Property(c => c.RefereeStage).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ReferralRewardStage.Registration);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasIndex(c => new { c.Active, c.StartDate });
        b.HasOne<CouponPack>().WithMany().HasForeignKey(c => c.RefereePackId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponPack>().WithMany().HasForeignKey(c => c.ReferrerPackId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CouponPack>().WithMany().HasForeignKey(c => c.MilestonePackId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        // The friend's phone, or its salted hash once the friend is erased (PhoneHasher).
        b.Property(r => r.RefereePhone).HasMaxLength(64).IsRequired();
        b.Property(r => r.FirstOrderId).HasMaxLength(64);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RejectedReason).HasConversion<string>().HasMaxLength(16);
        // A phone number is referred once, ever; a member is someone's friend once.
        b.HasIndex(r => r.RefereePhone).IsUnique();
        b.HasIndex(r => r.RefereeId).IsUnique();
        // The cap and the milestone count a referrer's rewarded friends per campaign; funnels read per campaign.
        b.HasIndex(r => new { r.ReferrerId, r.CampaignId, r.Status });
        b.HasIndex(r => new { r.CampaignId, r.Status });
        b.HasOne<ReferralCampaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.ReferrerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.RefereeId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class ReferralRewardTaskConfiguration : IEntityTypeConfiguration<ReferralRewardTask>
{
    public void Configure(EntityTypeBuilder<ReferralRewardTask> b)
    {
        b.Property(t => t.Key).HasMaxLength(100).IsRequired();
        b.HasIndex(t => t.Key).IsUnique();
        // The catch-up looks for what is still pending.
        b.HasIndex(t => t.DoneAtUtc);
        b.HasOne(t => t.Referral).WithMany().HasForeignKey(t => t.ReferralId).OnDelete(DeleteBehavior.Restrict);
    }
}
