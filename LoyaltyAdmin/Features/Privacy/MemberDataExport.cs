using System.Linq.Expressions;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// Everything held about one member (<see cref="PersonalData"/>), for their request "what do you hold about me?": the
/// Owner downloads it as JSON or Excel from the member page, the mini-program reads it from the API. Every export is in
/// the access log.
/// </summary>
public sealed class MemberDataExport(IDbContextFactory<LoyaltyDbContext> dbFactory, AccessLog access, TimeProvider clock)
{
    /// <summary>camelCase, indented, and Chinese written as itself: a file a person reads.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>The Owner's export of a member; null when there is no such member.</summary>
    public async Task<PersonalData?> ForMemberAsync(StaffActor actor, long memberId, string format, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Privacy.ExportMember);
        return await ExportAsync(actor, m => m.Id == memberId, format, ct);
    }

    /// <summary>The API's export of the member with this phone; null when no member has it.</summary>
    public Task<PersonalData?> ForPhoneAsync(StaffActor actor, string phone, CancellationToken ct = default) =>
        ExportAsync(actor, m => m.Phone == phone, "json", ct);

    public static byte[] ToJson(PersonalData data) => JsonSerializer.SerializeToUtf8Bytes(data, Json);

    private async Task<PersonalData?> ExportAsync(StaffActor actor, Expression<Func<Member, bool>> which, string format, CancellationToken ct)
    {
        var data = await BuildAsync(which, ct);
        if (data is not null)
            await access.MemberExportedAsync(actor, data.Profile.MemberId, format, ct);
        return data;
    }

    private async Task<PersonalData?> BuildAsync(Expression<Func<Member, bool>> which, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await db.Members.AsNoTracking().SingleOrDefaultAsync(which, ct);
        if (m is null)
            return null;
        var id = m.Id;
        var store = m.HomeStoreId is null ? null : await db.Stores.Where(s => s.Id == m.HomeStoreId).Select(s => s.Code + " " + s.Name).FirstOrDefaultAsync(ct);
        var profile = new ProfileData(m.Id, m.Phone, m.Name, m.Birthday, m.JoinedAtUtc, m.JoinChannel.ToString(), store, m.ReferralCode, m.Status.ToString(),
            m.TierCode, m.TierSince, m.TierValidUntil, m.PointsBalance, m.PendingPoints, m.GrowthValue, m.LifetimeSpend, m.LastActivityUtc, m.PreferredLanguage,
            m.MarketingConsent, m.ConsentChangedAtUtc, m.ConsentSource, m.ConsentWordingVersion);
        var consent = await db.ConsentChanges.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.Id)
            .Select(c => new ConsentData(c.ChangedAtUtc, c.Consent, c.Source, c.WordingVersion)).ToListAsync(ct);
        var points = (await db.PointsEntries.AsNoTracking().Where(e => e.MemberId == id).OrderBy(e => e.Id).ToListAsync(ct))
            .ConvertAll(e => new PointsData(e.Id, e.OccurredAtUtc, e.RecordedAtUtc, e.Kind.ToString(), e.Source.ToString(), e.Points, e.BalanceAfter, e.OrderId,
                e.RuleId, e.Reason?.ToString(), e.Note, e.Shortfall, e.Explanation));
        var lots = await db.PointLots.AsNoTracking().Where(l => l.MemberId == id).OrderBy(l => l.Id)
            .Select(l => new LotData(l.EntryId, l.Points, l.Remaining, l.EarnedOn, l.ExpiresOn, l.AvailableFrom, l.IsPending, l.OrderId)).ToListAsync(ct);
        var growth = (await db.GrowthEntries.AsNoTracking().Where(g => g.MemberId == id).OrderBy(g => g.Id).ToListAsync(ct))
            .ConvertAll(g => new GrowthData(g.OccurredAtUtc, g.Kind.ToString(), g.Growth, g.GrowthAfter, g.OrderId, g.RuleId));
        var tiers = (await db.TierHistory.AsNoTracking().Where(t => t.MemberId == id).OrderBy(t => t.Id).ToListAsync(ct))
            .ConvertAll(t => new TierData(t.OccurredAtUtc, t.FromTier, t.ToTier, t.Change.ToString(), t.Reason, t.ValidUntil));
        var orders = (await db.MemberOrders.AsNoTracking().Where(o => o.MemberId == id).OrderBy(o => o.Id)
                .Select(o => new { o, Store = db.Stores.Where(s => s.Id == o.StoreId).Select(s => s.Code).FirstOrDefault() }).ToListAsync(ct))
            .ConvertAll(x => new OrderData(x.o.OrderId, x.Store, x.o.OccurredAtUtc, x.o.Channel.ToString(), x.o.Amount, x.o.RefundedAmount, x.o.Points,
                x.o.Growth, x.o.PendingUntil));
        var coupons = (await db.Coupons.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.Id)
                .Join(db.CouponTemplates, c => c.TemplateId, t => t.Id, (c, t) => new { c, t.Name }).ToListAsync(ct))
            .ConvertAll(x => new CouponData(x.c.Code, x.Name, x.c.Status.ToString(), x.c.Source.ToString(), x.c.IssuedAtUtc, x.c.ValidFromUtc, x.c.ValidUntilUtc,
                x.c.RedeemedAtUtc, x.c.RedeemedOrderId, x.c.RedeemedDiscount, x.c.VoidedAtUtc, x.c.VoidReason));
        var redemptions = (await db.CatalogueRedemptions.AsNoTracking().Where(r => r.MemberId == id).OrderBy(r => r.Id).ToListAsync(ct))
            .ConvertAll(r => new RedemptionData(r.RedeemedAtUtc, r.ItemCode, r.ItemName, r.Kind.ToString(), r.PointsPaid, r.Cash, r.Status.ToString(),
                r.Channel.ToString(), r.CouponCode, r.HandedOverAtUtc));
        var referrals = (await db.Referrals.AsNoTracking().Where(r => r.RefereeId == id || r.ReferrerId == id).OrderBy(r => r.Id)
                .Select(r => new { r, Campaign = db.ReferralCampaigns.Where(c => c.Id == r.CampaignId).Select(c => c.Name).FirstOrDefault() }).ToListAsync(ct))
            .ConvertAll(x => (x.r.RefereeId == id, Line: new ReferralLine(x.r.RefereeId == id ? x.r.ReferrerId : x.r.RefereeId, x.Campaign, x.r.RegisteredAtUtc,
                x.r.FirstOrderAtUtc, x.r.Status.ToString())));
        var challenges = await db.MemberChallengeProgress.AsNoTracking().Where(c => c.MemberId == id).OrderBy(c => c.PeriodStart).ThenBy(c => c.Id)
            .Select(c => new ChallengeData(c.ChallengeId, c.PeriodStart, c.PeriodEnd, c.Value, c.StagesReached, c.CompletedAtUtc)).ToListAsync(ct);
        var badges = (await db.MemberBadges.AsNoTracking().Where(b => b.MemberId == id).OrderBy(b => b.Id).ToListAsync(ct))
            .ConvertAll(b => new BadgeData(b.BadgeCode, b.Source.ToString(), b.ChallengeId, b.Reason, b.AwardedAtUtc));
        return new PersonalData(clock.GetUtcNow().UtcDateTime, profile, consent, points, lots, growth, tiers, orders, coupons, redemptions,
            new ReferralData(referrals.FirstOrDefault(r => r.Item1).Line, [.. referrals.Where(r => !r.Item1).Select(r => r.Line)]), challenges, badges);
    }
}
