using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members.Centre;

public sealed partial class MemberCentreService
{
    /// <summary>
    /// The member's invitations: code and link, how the friends who registered with the code went, what inviting earned
    /// (the inviting member's ledger operations are keyed <c>referral:…</c>), the campaign running today with its next
    /// milestone, and one page of friends (the most recent first, phones masked).
    /// </summary>
    public async Task<ReferralsResponse?> ReferralsAsync(StaffActor actor, long memberId, string? language, PageCursor? cursor, int limit,
        CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var db = read.Db;
        // A friend refused as the member's own second phone is no invitation.
        var friends = db.Referrals.AsNoTracking().Where(r => r.ReferrerId == memberId && r.RejectedReason != ReferralRejection.SelfReferral);
        var counts = await friends.GroupBy(_ => 1).Select(g => new ReferralCounts(g.Count(), g.Count(r => r.FirstOrderAtUtc != null),
            g.Count(r => r.Status == ReferralStatus.Qualified))).FirstOrDefaultAsync(ct) ?? new ReferralCounts(0, 0, 0);
        var points = await db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId && e.EventId != null && e.EventId.StartsWith("referral:"))
            .SumAsync(e => (long?)e.Points, ct) ?? 0;
        // The friend's own welcome pack is referenced "…:friend"; every other referral coupon rewarded the inviting member.
        var coupons = await db.Coupons.AsNoTracking().CountAsync(c => c.MemberId == memberId && c.Source == CouponSource.Referral
            && !c.Reference.EndsWith(":friend"), ct);

        var page = cursor is { } after ? friends.Where(r => r.Id < after.Id) : friends;
        var rows = await page.OrderByDescending(r => r.Id).Take(limit + 1)
            .Join(db.Members, r => r.RefereeId, m => m.Id, (r, m) => new { r.Id, m.Phone, r.RegisteredAtUtc, r.FirstOrderAtUtc, r.Status })
            .ToListAsync(ct);
        rows = [.. rows.OrderByDescending(r => r.Id)];
        var items = rows.Take(limit).Select(r =>
        {
            var status = r.Status switch { ReferralStatus.Qualified => "rewarded", ReferralStatus.Registered => "registered", _ => "not_rewarded" };
            var key = r.Status switch { ReferralStatus.Qualified => "Rewarded", ReferralStatus.Registered => "Registered", _ => "NotRewarded" };
            return new ReferredFriend(PhoneNumbers.Mask(r.Phone), r.RegisteredAtUtc, r.FirstOrderAtUtc, status, t[$"Referral.Status.{key}"]);
        }).ToList();

        var link = options.CurrentValue.ReferralLink is { Length: > 0 } template
            ? template.Replace("{code}", Uri.EscapeDataString(read.Member.ReferralCode), StringComparison.Ordinal) : null;
        return new ReferralsResponse(read.Language, read.Member.ReferralCode, link, counts, new ReferralRewardsEarned(points, coupons),
            await CampaignAsync(read, memberId, ct), items, rows.Count > limit ? new PageCursor(0, rows[limit - 1].Id).Encode() : null);
    }

    /// <summary>The campaign running today (one at most runs on a day), in the member's words.</summary>
    private async Task<ReferralCampaignSummary?> CampaignAsync(Reading read, long memberId, CancellationToken ct)
    {
        var today = read.Today;
        var campaign = await read.Db.ReferralCampaigns.AsNoTracking().Where(c => c.Active && c.StartDate <= today && c.EndDate >= today)
            .OrderBy(c => c.StartDate).ThenBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (campaign is null)
            return null;
        var packIds = new[] { campaign.RefereePackId, campaign.ReferrerPackId, campaign.MilestonePackId }.OfType<long>().ToList();
        var packs = await read.Db.CouponPacks.AsNoTracking().Where(p => packIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        string? Pack(long? id) => id is { } p ? packs.GetValueOrDefault(p) : null;
        ReferralMilestone? milestone = null;
        if (campaign.MilestoneCount is { } needed)
        {
            var rewarded = await read.Db.Referrals.CountAsync(r => r.ReferrerId == memberId && r.CampaignId == campaign.Id && r.Status == ReferralStatus.Qualified, ct);
            if (rewarded < needed)
            {
                var reward = Reward(campaign.MilestonePoints, Pack(campaign.MilestonePackId));
                milestone = new ReferralMilestone(needed, needed - rewarded, campaign.MilestonePoints, Pack(campaign.MilestonePackId),
                    t["Referral.Milestone", needed - rewarded, reward]);
            }
        }
        var stage = campaign.ReferrerStage.ToString(); // Registration, FirstOrder or Both
        return new ReferralCampaignSummary(campaign.Name, campaign.EndDate,
            t["Referral.FriendGets", Reward(campaign.RefereePoints, Pack(campaign.RefereePackId))],
            t[$"Referral.YouGet.{stage}", Reward(campaign.ReferrerPoints, Pack(campaign.ReferrerPackId))], milestone);
    }

    private string Reward(long points, string? pack) => (points, pack) switch
    {
        ( > 0, { } p) => t["Referral.Reward.Both", points.ToString("#,0"), p],
        ( > 0, null) => t["Referral.Reward.Points", points.ToString("#,0")],
        (_, { } p) => t["Referral.Reward.Pack", p],
        _ => t["Referral.Reward.None"],
    };
}
