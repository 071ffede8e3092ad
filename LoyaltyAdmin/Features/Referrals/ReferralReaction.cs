using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>
/// Sees a referred friend's registration and purchases in the friend's own ledger operation: records the referral (once per
/// phone, ever), gives the friend's reward there, and leaves what the inviting member is owed to <see cref="ReferralRewards"/>,
/// which gives it in the inviting member's own operation after this one commits.
/// </summary>
public sealed class ReferralReaction(ReferralRewards rewards, CouponIssuer coupons, Privacy.PhoneHasher phones, IStringLocalizer<ReferralsText> l)
    : ILedgerReaction
{
    public async Task ReactAsync(LedgerOperation operation, CancellationToken ct)
    {
        if (operation.Member.ReferredByMemberId is not { } referrerId || operation.Activity is not { } activity)
            return;
        if (activity.Type == ActivityType.Registration)
            await OnRegisteredAsync(operation, referrerId, activity, ct);
        else if (activity.Type == ActivityType.Purchase)
            await OnPurchaseAsync(operation, activity, ct);
    }

    private async Task OnRegisteredAsync(LedgerOperation operation, long referrerId, Activity activity, CancellationToken ct)
    {
        var db = operation.Db;
        var friend = operation.Member;
        // A phone number is referred once, ever (the unique index on the phone is the last word under concurrency); an erased
        // member's number, kept only as its hash, is a returning customer and no new friend.
        var hash = await phones.HashAsync(db, friend.Phone, operation.NowUtc, ct);
        if (await db.Referrals.AnyAsync(r => r.RefereeId == friend.Id || r.RefereePhone == friend.Phone || r.RefereePhone == hash, ct)
            || await db.ErasedPhones.AnyAsync(e => e.Hash == hash, ct))
            return;
        var referrer = await db.Members.AsNoTracking().Where(m => m.Id == referrerId).Select(m => new { m.Id, m.Phone }).SingleOrDefaultAsync(ct);
        if (referrer is null)
            return;
        var day = RulesEngine.LocalDate(activity.OccurredAt, operation.Zone);
        var campaign = await ReferralCampaignService.RunningOnAsync(db, day, ct);
        var referral = new Referral
        {
            CampaignId = campaign?.Id, ReferrerId = referrer.Id, RefereeId = friend.Id, RefereePhone = friend.Phone,
            RegisteredAtUtc = activity.OccurredAt.UtcDateTime, Status = ReferralStatus.Registered,
        };
        db.Referrals.Add(referral);
        if (referrer.Id == friend.Id || referrer.Phone == friend.Phone)
        {
            referral.Status = ReferralStatus.Rejected;
            referral.RejectedReason = ReferralRejection.SelfReferral;
            return;
        }
        if (campaign is { RefereePoints: > 0 })
        {
            await operation.CreditCampaignPointsAsync(campaign.RefereePoints, ReferralRewards.Reference(campaign.Id), l["Reward.Referee", campaign.Name]);
            referral.RefereeRewarded = true;
        }
        if (campaign?.RefereePackId is { } pack)
        {
            var issued = await coupons.IssuePackAsync(operation.Scope, friend.Id, pack, CouponSource.Referral, $"referral:{campaign.Id}:{friend.Id}:friend",
                operation.OccurredAtUtc, ct);
            referral.RefereeRewarded |= issued.Succeeded;
        }
        if (referral.RefereeRewarded)
            await operation.Scope.PublishAsync(BusinessEvents.ReferralRewarded, friend.Id, new { role = "friend", campaignId = campaign?.Id, referrerMemberId = referrer.Id },
                operation.OccurredAtUtc);
        // Without a campaign the programme's referral rule still rewards the friend's registration.
        if (campaign is null || campaign.ReferrerStage == ReferrerRewardStage.Registration)
            rewards.Owe(operation, referral, "registration");
    }

    private async Task OnPurchaseAsync(LedgerOperation operation, Activity activity, CancellationToken ct)
    {
        var db = operation.Db;
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.RefereeId == operation.Member.Id, ct);
        // The first order after registering; an order from before (sent late) is not the friend's first as a member.
        if (referral is null || referral.FirstOrderAtUtc is not null || activity.OccurredAt.UtcDateTime < referral.RegisteredAtUtc)
            return;
        referral.FirstOrderAtUtc = activity.OccurredAt.UtcDateTime;
        referral.FirstOrderId = activity.OrderId;
        if (referral.Status != ReferralStatus.Registered || referral.CampaignId is not { } campaignId)
            return;
        var campaign = await db.ReferralCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, ct);
        if (campaign.ReferrerStage != ReferrerRewardStage.FirstOrder)
            return;
        if (!campaign.Covers(RulesEngine.LocalDate(activity.OccurredAt, operation.Zone)))
        {
            referral.Status = ReferralStatus.Rejected;
            referral.RejectedReason = ReferralRejection.OutsideWindow;
            return;
        }
        rewards.Owe(operation, referral, "first-order");
    }
}
