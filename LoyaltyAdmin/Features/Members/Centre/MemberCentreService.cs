using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Members.Centre;

/// <summary>Settings of the member centre (section <c>MemberCentre</c>).</summary>
public sealed class MemberCentreOptions
{
    /// <summary>The merchant's invitation link, with <c>{code}</c> where the member's referral code goes; none when empty.</summary>
    public string? ReferralLink { get; set; }
}

/// <summary>
/// What a member sees in their centre (会员中心), read for the integration API and for the console's "Member's view", so
/// both show the same: points history, expiry schedule, coupons, check-in calendar, invitations and the tier ladder. Every
/// read is one context, no tracking, projected; every text is rendered in the language asked for, else the member's own.
/// Members belong to the merchant: the API's system actor reads any of them; staff read those they serve.
/// </summary>
public sealed partial class MemberCentreService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    TimeProvider clock,
    IOptionsMonitor<MemberCentreOptions> options,
    IStringLocalizer<MemberCentreText> t,
    IStringLocalizer<MembersText> ledgerText,
    IStringLocalizer<CouponsText> couponText)
{
    /// <summary>The points history, newest recorded first; <paramref name="cursor"/> is where the previous page ended.</summary>
    public async Task<PointsHistoryResponse?> PointsHistoryAsync(StaffActor actor, long memberId, string? language, PageCursor? cursor, int limit,
        CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var entries = read.Db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId);
        if (cursor is { } after)
            entries = entries.Where(e => e.Id < after.Id);
        var rows = await entries.OrderByDescending(e => e.Id).Take(limit + 1)
            .Select(e => new
            {
                e.Id, e.OccurredAtUtc, e.Kind, e.Source, e.Points, e.BalanceAfter, e.OrderId, e.RuleId, e.Reason, e.BatchId, e.Shortfall, e.Explanation,
                e.ExplanationData,
            })
            .ToListAsync(ct);
        var items = rows.Take(limit).Select(e => new PointsHistoryItem(e.Id, CouponTerms.LocalDay(e.OccurredAtUtc, read.Zone), e.OccurredAtUtc,
            Wire(e.Kind), e.Points, e.BalanceAfter, Source(e.Kind, e.Source, e.OrderId, e.RuleId, e.Reason, e.BatchId),
            LedgerExplanation.Render(e.ExplanationData, e.Explanation, ledgerText) ?? Fallback(e.Kind, e.Reason, e.BatchId), e.Shortfall)).ToList();
        return new PointsHistoryResponse(read.Language, items, rows.Count > limit ? new PageCursor(0, items[^1].Id).Encode() : null);
    }

    /// <summary>Every future day with points ending (one page of them, soonest first) and every day pending points become spendable.</summary>
    public async Task<PointsScheduleResponse?> PointsScheduleAsync(StaffActor actor, long memberId, string? language, PageCursor? cursor, int limit,
        CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var open = read.Db.PointLots.AsNoTracking().Where(l => l.MemberId == memberId && l.Remaining > 0);
        var from = cursor is { } after ? DateOnly.FromDayNumber((int)after.Key).AddDays(1) : read.Today;
        var days = await open.Where(l => l.ExpiresOn != null && l.ExpiresOn >= from)
            .GroupBy(l => l.ExpiresOn).Select(g => new { Day = g.Key!.Value, Points = g.Sum(l => l.Remaining) })
            .OrderBy(d => d.Day).Take(limit + 1).ToListAsync(ct);
        var neverExpire = await open.Where(l => l.ExpiresOn == null).SumAsync(l => (long?)l.Remaining, ct) ?? 0;
        var pending = cursor is null
            ? await open.Where(l => l.IsPending).GroupBy(l => l.AvailableFrom).Select(g => new { Day = g.Key, Points = g.Sum(l => l.Remaining) })
                .OrderBy(d => d.Day).ToListAsync(ct)
            : [];
        var next = cursor is null ? days.FirstOrDefault()
            : await open.Where(l => l.ExpiresOn != null && l.ExpiresOn >= read.Today).GroupBy(l => l.ExpiresOn)
                .Select(g => new { Day = g.Key!.Value, Points = g.Sum(l => l.Remaining) }).OrderBy(d => d.Day).FirstOrDefaultAsync(ct);
        var m = read.Member;
        var summary = next is not null ? t["Schedule.Summary.Next", next.Points.ToString("#,0"), Day(next.Day)].Value
            : m.PointsBalance == 0 ? t["Schedule.Summary.Empty"].Value : t["Schedule.Summary.Never"].Value;
        var page = days.Take(limit).Select(d => new ExpiringPoints(d.Day, CouponTerms.EndOfDayUtc(d.Day, read.Zone), d.Points,
            t["Schedule.Expires", d.Points.ToString("#,0"), Day(d.Day)])).ToList();
        return new PointsScheduleResponse(read.Language, m.PointsBalance, m.PointsBalance - m.PendingPoints, m.PendingPoints, neverExpire, page,
            pending.Select(p => new PendingPoints(p.Day, p.Points, t["Schedule.Pending", p.Points.ToString("#,0"), Day(p.Day)])).ToList(),
            days.Count > limit ? new PageCursor(page[^1].LastValidDay.DayNumber, 0).Encode() : null, summary);
    }

    /// <summary>
    /// The member a read is about, read once with what every screen needs, and the language to render its texts in (the
    /// caller applies it: a culture set inside this async method would not reach it); null when there is no such member or
    /// the actor does not serve them.
    /// </summary>
    private async Task<Reading?> OpenAsync(StaffActor actor, long memberId, string? language, CancellationToken ct)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        var merchant = await merchantClock.GetAsync(ct);
        var today = CouponTerms.LocalDay(clock.GetUtcNow().UtcDateTime, merchant.TimeZone);
        var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await MemberScope.MayServeAsync(db, actor, memberId, today, ct)
            ? await db.Members.AsNoTracking().Where(m => m.Id == memberId)
                .Select(m => new MemberBasics(m.Id, m.Phone, m.Name, m.PreferredLanguage, m.ReferralCode, m.TierCode, m.TierSince, m.TierValidUntil,
                    m.PointsBalance, m.PendingPoints, m.LifetimeSpend, m.GrowthValue, m.ActiveDays, m.SuccessfulReferrals, m.StreakLastDay, m.StreakLength))
                .SingleOrDefaultAsync(ct)
            : null;
        if (member is null)
        {
            await db.DisposeAsync();
            return null;
        }
        return new Reading(db, member, merchant.TimeZone, merchant.Currency, today, MemberLanguage.Resolve(language, member.PreferredLanguage));
    }

    private static PointsSourceResponse Source(PointsEntryKind kind, PointsSource source, string? orderId, string? ruleId, AdjustmentReason? reason, long? batchId)
    {
        var type = kind switch
        {
            PointsEntryKind.Redeem => "redemption",
            PointsEntryKind.Expire => "expiry",
            PointsEntryKind.Adjust => "adjustment",
            PointsEntryKind.Migration => "migration",
            _ when batchId is not null || source == PointsSource.Operator => "adjustment",
            _ => source switch { PointsSource.Order => "order", PointsSource.Campaign => "campaign", PointsSource.Job => "expiry", _ => "rule" },
        };
        long? campaignId = type == "campaign" && ruleId?.StartsWith("referral:", StringComparison.Ordinal) == true
            && long.TryParse(ruleId["referral:".Length..], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
        return new PointsSourceResponse(type, orderId, type is "order" or "rule" ? ruleId : null, campaignId,
            type == "adjustment" && reason is { } r ? Wire(r) : null);
    }

    /// <summary>What an entry without explanation data says: its kind, and an adjustment's reason.</summary>
    private string Fallback(PointsEntryKind kind, AdjustmentReason? reason, long? batchId)
    {
        var why = reason is { } r ? ledgerText[$"Reason.{r}"].Value : "";
        return kind switch
        {
            PointsEntryKind.Earn => ledgerText["Ledger.Earned"],
            PointsEntryKind.Redeem => ledgerText["Ledger.Spent"],
            PointsEntryKind.Expire => ledgerText["Ledger.Expired"],
            PointsEntryKind.Adjust => ledgerText["Ledger.Adjusted", why],
            PointsEntryKind.Migration => ledgerText["Ledger.Migrated"],
            _ when batchId is not null => ledgerText["Ledger.Undone", why],
            _ => ledgerText["Ledger.Reversed"],
        };
    }

    /// <summary>An enum as the wire names it (snake_case).</summary>
    internal static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record MemberBasics(long Id, string Phone, string Name, string? PreferredLanguage, string ReferralCode, string TierCode, DateOnly TierSince,
        DateOnly? TierValidUntil, long PointsBalance, long PendingPoints, decimal LifetimeSpend, long GrowthValue, int ActiveDays, int SuccessfulReferrals,
        DateOnly? StreakLastDay, int StreakLength);

    /// <summary>One read: its context, the member, the merchant's zone, currency and day, and the language of its texts.</summary>
    private sealed class Reading(LoyaltyDbContext db, MemberBasics member, TimeZoneInfo zone, string currency, DateOnly today, string language)
        : IAsyncDisposable
    {
        public LoyaltyDbContext Db => db;
        public MemberBasics Member => member;
        public TimeZoneInfo Zone => zone;
        public string Currency => currency;
        public DateOnly Today => today;
        public string Language => language;

        public ValueTask DisposeAsync() => db.DisposeAsync();
    }
}
