using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>
/// The demo's referral campaign, "invite 3 friends, both get ¥10": the demo's friends sign up with their inviter's code and
/// buy through the ledger, so the campaign's rewards are the real ones.
/// </summary>
public sealed class ReferralDemo(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    /// <summary>Adds the campaign, running from <paramref name="start"/> to <paramref name="end"/>, with its ¥10 pack.</summary>
    public async Task AddCampaignAsync(DateOnly start, DateOnly end, DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = new CouponTemplate
        {
            Name = "¥10 无门槛券 ¥10 off, no minimum", Kind = CouponKind.AmountOff, Amount = 10, ValidDays = 30, IsActive = true, CreatedAtUtc = nowUtc,
        };
        db.CouponTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        var pack = new CouponPack { Name = "邀请有礼 ¥10 券包 Referral ¥10 pack", Trigger = CouponPackTrigger.ReferralReward, IsActive = true, CreatedAtUtc = nowUtc };
        pack.Items.Add(new CouponPackItem { TemplateId = template.Id, Quantity = 1 });
        db.CouponPacks.Add(pack);
        await db.SaveChangesAsync(ct);
        db.ReferralCampaigns.Add(new ReferralCampaign
        {
            Name = "邀请3位好友，双方各得¥10 Invite 3 friends, both get ¥10", StartDate = start, EndDate = end, Active = true,
            RefereePackId = pack.Id, ReferrerPoints = 50, ReferrerStage = ReferralRewardStage.FirstOrder, MilestoneCount = 3, MilestonePackId = pack.Id,
            CapPerReferrer = 10, CreatedAtUtc = nowUtc, Version = 1,
        });
        await db.SaveChangesAsync(ct);
    }
}
