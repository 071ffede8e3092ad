using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>
/// Sees a referred friend's registration and purchases in the friend's own ledger operation: records the referral (once per
/// phone, ever), gives the friend's reward there, and leaves what the inviting member is owed to <see cref="ReferralRewards"/>,
/// which gives it in the inviting member's own operation after this one commits.
/// </summary>
public sealed class ReferralReaction(ReferralRewards rewards, CouponIssuer coupons, Privacy.PhoneHasher phones) : ILedgerReaction
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
        if (campaign is not null && campaign.RefereeStage.OnRegistration())
            referral.RefereeRewarded = await RewardFriendAsync(operation, campaign, referral, "friend", LedgerExplanation.Text("Ledger.Referee", campaign.Name), ct);
        // Without a campaign the programme's referral rule still rewards the friend's registration.
        if (campaign is null || campaign.ReferrerStage.OnRegistration())
            rewards.Owe(operation, referral, "registration");
    }

    /// <summary>The friend's own reward at one stage, in the friend's operation; true when anything was given.</summary>
    private async Task<bool> RewardFriendAsync(LedgerOperation operation, ReferralCampaign campaign, Referral referral, string stage, string explanation,
        CancellationToken ct)
    {
        var rewarded = false;
        if (campaign.RefereePoints > 0)
        {
            await operation.CreditCampaignPointsAsync(campaign.RefereePoints, ReferralRewards.Reference(campaign.Id), explanation);
            rewarded = true;
        }
        if (campaign.RefereePackId is { } pack)
        {
            var issued = await coupons.IssuePackAsync(operation.Scope, referral.RefereeId, pack, CouponSource.Referral,
                $"referral:{campaign.Id}:{referral.RefereeId}:{stage}", operation.OccurredAtUtc, ct);
            rewarded |= issued.Succeeded;
        }
        if (rewarded)
            await operation.Scope.PublishAsync(BusinessEvents.ReferralRewarded, referral.RefereeId, new
            {
                role = "friend", campaignId = campaign.Id, referrerMemberId = referral.ReferrerId, stage = stage == "friend" ? "registration" : "first_order",
            }, operation.OccurredAtUtc);
        return rewarded;
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
        if (referral.Status == ReferralStatus.Rejected || referral.CampaignId is not { } campaignId)
            return;
        var campaign = await db.ReferralCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, ct);
        var inWindow = campaign.Covers(RulesEngine.LocalDate(activity.OccurredAt, operation.Zone));
        if (inWindow && campaign.RefereeStage.OnFirstOrder())
        {
            referral.RefereeFirstOrderRewarded = await RewardFriendAsync(operation, campaign, referral, "friend-first-order",
                LedgerExplanation.Text("Ledger.RefereeFirstOrder", campaign.Name), ct);
        }
        if (!campaign.ReferrerStage.OnFirstOrder())
            return;
        if (inWindow)
            rewards.Owe(operation, referral, "first-order");
        else if (referral.Status == ReferralStatus.Registered)
        {
            referral.Status = ReferralStatus.Rejected;
            referral.RejectedReason = ReferralRejection.OutsideWindow;
        }
    }
}
