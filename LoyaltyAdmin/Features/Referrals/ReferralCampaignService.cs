using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>Referral campaigns for the screens: the list, the editor (validated, audited), funnels and a member's referrals.</summary>
public sealed partial class ReferralCampaignService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<ReferralsText> l)
{
    public const long MaxPoints = 1_000_000;
    public const int TopReferrers = 10;

    /// <summary>The active campaign whose window holds <paramref name="day"/> (there is at most one).</summary>
    public static Task<ReferralCampaign?> RunningOnAsync(LoyaltyDbContext db, DateOnly day, CancellationToken ct) =>
        db.ReferralCampaigns.AsNoTracking()
            .Where(c => c.Active && c.StartDate <= day && c.EndDate >= day)
            .OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id)
            .FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<ReferralCampaignRow>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.View);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaigns = await db.ReferralCampaigns.AsNoTracking().OrderByDescending(c => c.StartDate).ThenByDescending(c => c.Id).ToListAsync(ct);
        var counts = await db.Referrals.AsNoTracking().Where(r => r.CampaignId != null)
            .GroupBy(r => r.CampaignId)
            .Select(g => new { Id = g.Key!.Value, All = g.Count(), Rewarded = g.Count(r => r.Status == ReferralStatus.Qualified) })
            .ToDictionaryAsync(x => x.Id, ct);
        var packs = await PackNamesAsync(db, ct);
        return campaigns.Select(c => Row(c, today, packs, counts.GetValueOrDefault(c.Id)?.All ?? 0, counts.GetValueOrDefault(c.Id)?.Rewarded ?? 0)).ToList();
    }

    public async Task<ReferralCampaignDetail?> GetDetailAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.View);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.ReferralCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
            return null;
        var referrals = db.Referrals.AsNoTracking().Where(r => r.CampaignId == id);
        var steps = await referrals.GroupBy(r => 1).Select(g => new
        {
            All = g.Count(),
            RefereesRewarded = g.Count(r => r.RefereeRewarded || r.RefereeFirstOrderRewarded),
            FirstOrders = g.Count(r => r.FirstOrderAtUtc != null),
            Rewarded = g.Count(r => r.Status == ReferralStatus.Qualified),
            Milestones = g.Count(r => r.MilestoneRewarded),
        }).SingleOrDefaultAsync(ct);
        var rejected = await referrals.Where(r => r.RejectedReason != null).GroupBy(r => r.RejectedReason!.Value)
            .Select(g => new { Reason = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Reason, x => x.Count, ct);
        // The inviters are members: a StoreManager sees their own store's; the funnel's counts stay the campaign's.
        var inviters = MemberScope.Listed(db.Members, actor);
        var top = await referrals.Where(r => inviters.Any(m => m.Id == r.ReferrerId)).GroupBy(r => r.ReferrerId)
            .Select(g => new
            {
                MemberId = g.Key, Referrals = g.Count(), FirstOrders = g.Count(r => r.FirstOrderAtUtc != null),
                Rewarded = g.Count(r => r.Status == ReferralStatus.Qualified),
            })
            .OrderByDescending(x => x.Rewarded).ThenByDescending(x => x.Referrals).ThenBy(x => x.MemberId).Take(TopReferrers)
            .Join(db.Members, x => x.MemberId, m => m.Id, (x, m) => new { x.MemberId, m.Name, m.Phone, x.Referrals, x.FirstOrders, x.Rewarded })
            .ToListAsync(ct);
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        var funnel = new ReferralFunnel(campaign.LinkUses, steps?.All ?? 0, steps?.RefereesRewarded ?? 0, steps?.FirstOrders ?? 0, steps?.Rewarded ?? 0, steps?.Milestones ?? 0, rejected);
        return new ReferralCampaignDetail(Row(campaign, today, await PackNamesAsync(db, ct), funnel.Registrations, funnel.ReferrersRewarded), funnel,
            top.OrderByDescending(x => x.Rewarded).ThenByDescending(x => x.Referrals).ThenBy(x => x.MemberId)
                .Select(x => new TopReferrerRow(x.MemberId, x.Name, full ? x.Phone : PhoneNumbers.Mask(x.Phone), x.Referrals, x.FirstOrders, x.Rewarded)).ToList());
    }

    /// <summary>
    /// Counts one opening of <paramref name="referralCode"/>'s link toward the campaign running today (one atomic
    /// update, so concurrent visits all count). Null when no member has the code; false when no campaign is running.
    /// </summary>
    public async Task<bool?> RecordLinkUseAsync(string referralCode, CancellationToken ct = default)
    {
        var code = referralCode.Trim().ToUpperInvariant();
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Members.AnyAsync(m => m.ReferralCode == code, ct))
            return null;
        var counted = await db.ReferralCampaigns.Where(c => c.Active && c.StartDate <= today && c.EndDate >= today)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LinkUses, c => c.LinkUses + 1), ct);
        return counted > 0;
    }

    public async Task<ReferralCampaignModel?> GetModelAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ReferralCampaigns.AsNoTracking().Where(c => c.Id == id).Select(c => new ReferralCampaignModel
        {
            Id = c.Id, Name = c.Name, StartDate = c.StartDate.ToDateTime(TimeOnly.MinValue), EndDate = c.EndDate.ToDateTime(TimeOnly.MinValue),
            Active = c.Active, RefereePoints = c.RefereePoints, RefereePackId = c.RefereePackId, RefereeStage = c.RefereeStage, ReferrerPoints = c.ReferrerPoints,
            ReferrerPackId = c.ReferrerPackId, ReferrerStage = c.ReferrerStage, MilestoneCount = c.MilestoneCount, MilestonePoints = c.MilestonePoints,
            MilestonePackId = c.MilestonePackId, CapPerReferrer = c.CapPerReferrer, Version = c.Version,
        }).SingleOrDefaultAsync(ct);
    }

    /// <summary>Creates or edits a campaign. Bad input changes nothing and says which field is wrong.</summary>
    public async Task<SaveResult> SaveAsync(StaffActor actor, ReferralCampaignModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.Manage);
        var result = Validate(model);
        if (!result.Succeeded)
            return result;
        var start = DateOnly.FromDateTime(model.StartDate!.Value);
        var end = DateOnly.FromDateTime(model.EndDate!.Value);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activePacks = await db.CouponPacks.AsNoTracking().Where(p => p.IsActive).Select(p => p.Id).ToListAsync(ct);
        foreach (var (field, pack) in new[] { (nameof(model.RefereePackId), model.RefereePackId), (nameof(model.ReferrerPackId), model.ReferrerPackId),
                     (nameof(model.MilestonePackId), model.MilestoneCount is null ? null : model.MilestonePackId) })
        {
            if (pack is { } id && !activePacks.Contains(id))
                result.Add(field, l["Campaign.PackUnavailable"]);
        }
        if (!result.Succeeded)
            return result;
        if (model.Active && await OverlappingAsync(db, model.Id, start, end, ct) is { } other)
            return result.Add(nameof(model.StartDate), l["Campaign.Overlaps", other]);
        var now = clock.GetUtcNow().UtcDateTime;
        ReferralCampaign campaign;
        object? before = null;
        if (model.Id == 0)
        {
            campaign = new ReferralCampaign { CreatedAtUtc = now };
            db.ReferralCampaigns.Add(campaign);
        }
        else
        {
            var found = await db.ReferralCampaigns.SingleOrDefaultAsync(c => c.Id == model.Id, ct);
            if (found is null)
                return result.Add("", l["Campaign.NotFound"]);
            if (found.Version != model.Version)
                return result.Add("", l["Campaign.ChangedMeanwhile"]);
            campaign = found;
            before = Snapshot(campaign);
        }
        Apply(model, campaign);
        campaign.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, actor, now, model.Id == 0 ? "referral-campaign.created" : "referral-campaign.updated", nameof(ReferralCampaign), campaign.Id,
                before, Snapshot(campaign));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return result.Add("", l["Campaign.ChangedMeanwhile"]);
        }
        model.Id = campaign.Id;
        model.Version = campaign.Version;
        return result;
    }

    /// <summary>Switches a campaign on or off; on only when no other active campaign shares a day with it.</summary>
    public async Task<SaveResult> SetActiveAsync(StaffActor actor, long id, bool active, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var campaign = await db.ReferralCampaigns.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (campaign is null)
            return SaveResult.Fail("", l["Campaign.NotFound"]);
        if (campaign.Active == active)
            return SaveResult.Ok();
        if (active && await OverlappingAsync(db, id, campaign.StartDate, campaign.EndDate, ct) is { } other)
            return SaveResult.Fail("", l["Campaign.Overlaps", other]);
        campaign.Active = active;
        campaign.Version++;
        AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, active ? "referral-campaign.activated" : "referral-campaign.deactivated",
            nameof(ReferralCampaign), id, new { Active = !active }, new { Active = active });
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok();
    }

    /// <summary>Copies a validated form onto the campaign (a campaign without a milestone keeps no milestone reward).</summary>
    public static void Apply(ReferralCampaignModel model, ReferralCampaign campaign)
    {
        campaign.Name = model.Name!.Trim();
        campaign.StartDate = DateOnly.FromDateTime(model.StartDate!.Value);
        campaign.EndDate = DateOnly.FromDateTime(model.EndDate!.Value);
        campaign.Active = model.Active;
        campaign.RefereePoints = model.RefereePoints;
        campaign.RefereePackId = model.RefereePackId;
        campaign.RefereeStage = model.RefereeStage;
        campaign.ReferrerPoints = model.ReferrerPoints;
        campaign.ReferrerPackId = model.ReferrerPackId;
        campaign.ReferrerStage = model.ReferrerStage;
        campaign.MilestoneCount = model.MilestoneCount;
        campaign.MilestonePoints = model.MilestoneCount is null ? 0 : model.MilestonePoints;
        campaign.MilestonePackId = model.MilestoneCount is null ? null : model.MilestonePackId;
        campaign.CapPerReferrer = model.CapPerReferrer;
    }

    /// <summary>Field-level checks of the campaign form (packs and overlaps need the database and are checked on save).</summary>
    public SaveResult Validate(ReferralCampaignModel model)
    {
        var result = new SaveResult();
        var name = (model.Name ?? "").Trim();
        if (name.Length == 0)
            result.Add(nameof(model.Name), l["Validation.Required"]);
        else if (name.Length > 100)
            result.Add(nameof(model.Name), l["Validation.MaxLength", 100]);
        result.Text(nameof(model.Name), name);
        if (model.StartDate is null)
            result.Add(nameof(model.StartDate), l["Validation.Required"]);
        if (model.EndDate is null)
            result.Add(nameof(model.EndDate), l["Validation.Required"]);
        else if (model.StartDate is { } start && model.EndDate < start)
            result.Add(nameof(model.EndDate), l["Campaign.EndBeforeStart"]);
        Points(result, nameof(model.RefereePoints), model.RefereePoints);
        Points(result, nameof(model.ReferrerPoints), model.ReferrerPoints);
        if (model.MilestoneCount is { } count)
        {
            if (count < 1 || count > 1000)
                result.Add(nameof(model.MilestoneCount), l["Validation.Range", 1, 1000]);
            else if (model.CapPerReferrer is { } cap && count > cap)
                result.Add(nameof(model.MilestoneCount), l["Campaign.MilestoneAboveCap", cap]);
            if (model.MilestonePoints <= 0 && model.MilestonePackId is null)
                result.Add(nameof(model.MilestonePoints), l["Campaign.MilestoneNeedsReward"]);
            else
                Points(result, nameof(model.MilestonePoints), model.MilestonePoints);
        }
        if (model.CapPerReferrer is { } c && (c < 1 || c > 10_000))
            result.Add(nameof(model.CapPerReferrer), l["Validation.Range", 1, 10_000]);
        if (model.RefereePoints == 0 && model.RefereePackId is null && model.ReferrerPoints == 0 && model.ReferrerPackId is null && model.MilestoneCount is null)
            result.Add(nameof(model.ReferrerPoints), l["Campaign.NoReward"]);
        return result;
    }

    private void Points(SaveResult result, string field, long points)
    {
        if (points < 0 || points > MaxPoints)
            result.Add(field, l["Validation.Range", 0, MaxPoints]);
    }

    private static async Task<string?> OverlappingAsync(LoyaltyDbContext db, long id, DateOnly start, DateOnly end, CancellationToken ct) =>
        await db.ReferralCampaigns.AsNoTracking()
            .Where(c => c.Id != id && c.Active && c.StartDate <= end && c.EndDate >= start)
            .Select(c => c.Name).FirstOrDefaultAsync(ct);

    /// <summary>Active coupon packs a campaign can give, for the editor.</summary>
    public async Task<IReadOnlyList<PackOption>> GetPackOptionsAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Referrals.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CouponPacks.AsNoTracking().Where(p => p.IsActive).OrderBy(p => p.Name).Select(p => new PackOption(p.Id, p.Name)).ToListAsync(ct);
    }

    private static Task<Dictionary<long, string>> PackNamesAsync(LoyaltyDbContext db, CancellationToken ct) =>
        db.CouponPacks.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, ct);

    private static ReferralCampaignRow Row(ReferralCampaign c, DateOnly today, Dictionary<long, string> packs, int referrals, int rewarded)
    {
        string? Pack(long? id) => id is { } x ? packs.GetValueOrDefault(x) : null;
        return new(c.Id, c.Name, c.StartDate, c.EndDate, State(c, today), c.RefereePoints, Pack(c.RefereePackId), c.RefereeStage, c.ReferrerPoints, Pack(c.ReferrerPackId),
            c.ReferrerStage, c.MilestoneCount, c.MilestonePoints, Pack(c.MilestonePackId), c.CapPerReferrer, referrals, rewarded, c.Version);
    }

    public static CampaignState State(ReferralCampaign c, DateOnly today) =>
        !c.Active ? CampaignState.Inactive : today < c.StartDate ? CampaignState.Scheduled : today > c.EndDate ? CampaignState.Ended : CampaignState.Running;

    private static object Snapshot(ReferralCampaign c) => new
    {
        c.Name, c.StartDate, c.EndDate, c.Active, c.RefereePoints, c.RefereePackId, c.RefereeStage, c.ReferrerPoints, c.ReferrerPackId, c.ReferrerStage, c.MilestoneCount,
        c.MilestonePoints, c.MilestonePackId, c.CapPerReferrer,
    };
}
