using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>The Notices page: settings (Owner), the next days' notices, what went out, and each text in both languages.</summary>
public sealed class NoticeService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    NoticeSettingsStore settings,
    NoticeCandidates candidates,
    ProgrammeStore programmes,
    TimeProvider clock,
    IStringLocalizer<NoticesText> l)
{
    public const int ForecastDays = 7;
    private const int UpcomingShown = 200;

    public async Task<NoticeSettingsModel> GetSettingsAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Notices.View);
        var s = await settings.GetAsync(ct);
        return new NoticeSettingsModel
        {
            PointsFirstDays = s.PointsFirstDays, PointsSecondDays = s.PointsSecondDays, TierEndingDays = s.TierEndingDays, CouponDays = s.CouponDays,
            TierClosePercent = s.TierClosePercent, RewardReachable = s.RewardReachable, TypeIntervalDays = s.TypeIntervalDays, WeeklyLimit = s.WeeklyLimit,
            QuietFrom = s.QuietFrom.ToTimeSpan(), QuietUntil = s.QuietUntil.ToTimeSpan(), DefaultLanguage = s.DefaultLanguage,
        };
    }

    public async Task<SaveResult> SaveSettingsAsync(StaffActor actor, NoticeSettingsModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Notices.Manage);
        var result = Validate(model);
        if (!result.Succeeded)
            return result;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NoticeSettings.SingleOrDefaultAsync(s => s.Id == NoticeSettings.SingletonId, ct);
        if (row is null)
            db.NoticeSettings.Add(row = new NoticeSettings());
        var before = Snapshot(row);
        row.PointsFirstDays = model.PointsFirstDays!.Value;
        row.PointsSecondDays = model.PointsSecondDays!.Value;
        row.TierEndingDays = model.TierEndingDays!.Value;
        row.CouponDays = model.CouponDays!.Value;
        row.TierClosePercent = model.TierClosePercent!.Value;
        row.RewardReachable = model.RewardReachable;
        row.TypeIntervalDays = model.TypeIntervalDays!.Value;
        row.WeeklyLimit = model.WeeklyLimit!.Value;
        row.QuietFrom = TimeOnly.FromTimeSpan(model.QuietFrom!.Value);
        row.QuietUntil = TimeOnly.FromTimeSpan(model.QuietUntil!.Value);
        row.DefaultLanguage = model.DefaultLanguage;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        AuditLog.Record(db, actor, row.UpdatedAtUtc, "notices.settings", nameof(NoticeSettings), row.Id, before, Snapshot(row));
        await db.SaveChangesAsync(ct);
        return result;
    }

    private SaveResult Validate(NoticeSettingsModel m)
    {
        var result = new SaveResult();
        void Range(string field, int? value, int min, int max)
        {
            if (value is null || value < min || value > max)
                result.Add(field, l["Settings.Range", min, max]);
        }
        Range(nameof(m.PointsFirstDays), m.PointsFirstDays, 1, 365);
        Range(nameof(m.PointsSecondDays), m.PointsSecondDays, 0, 365);
        if (m.PointsSecondDays > 0 && m.PointsSecondDays >= m.PointsFirstDays)
            result.Add(nameof(m.PointsSecondDays), l["Settings.SecondBeforeFirst"]);
        Range(nameof(m.TierEndingDays), m.TierEndingDays, 0, 365);
        Range(nameof(m.CouponDays), m.CouponDays, 0, 90);
        Range(nameof(m.TierClosePercent), m.TierClosePercent, 0, 50);
        Range(nameof(m.TypeIntervalDays), m.TypeIntervalDays, 0, 90);
        Range(nameof(m.WeeklyLimit), m.WeeklyLimit, 1, 21);
        if (m.QuietFrom is not { } from || from < TimeSpan.Zero || from >= TimeSpan.FromDays(1))
            result.Add(nameof(m.QuietFrom), l["Settings.TimeRequired"]);
        if (m.QuietUntil is not { } until || until < TimeSpan.Zero || until >= TimeSpan.FromDays(1))
            result.Add(nameof(m.QuietUntil), l["Settings.TimeRequired"]);
        if (!NoticePolicy.Languages.Contains(m.DefaultLanguage))
            result.Add(nameof(m.DefaultLanguage), l["Settings.LanguageInvalid"]);
        return result;
    }

    private static object Snapshot(NoticeSettings s) => new
    {
        s.PointsFirstDays, s.PointsSecondDays, s.TierEndingDays, s.CouponDays, s.TierClosePercent, s.RewardReachable, s.TypeIntervalDays, s.WeeklyLimit,
        QuietFrom = s.QuietFrom.ToString("HH:mm"), QuietUntil = s.QuietUntil.ToString("HH:mm"), s.DefaultLanguage,
    };

    /// <summary>Today's scheduled notices and, day by day, the ones dates will bring, decided as the daily run will decide them.</summary>
    public async Task<NoticeForecast> ForecastAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Notices.View);
        var d = await settings.DayAsync(ct: ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.MemberNotices.AsNoTracking().Where(n => n.Status == NoticeStatus.Scheduled).ToListAsync(ct);
        var future = await candidates.ForecastAsync(db, d, ForecastDays - 1, ct);
        var history = await NoticeHistory.ForAsync(db, d, [.. future.SelectMany(f => f.Candidates)], TimeSpan.FromDays(ForecastDays), ct);
        var planned = future.SelectMany(f => NoticeScheduler.Plan(f.Day, f.Candidates, history)).ToList();

        var days = Enumerable.Range(0, ForecastDays).Select(d.Day.AddDays).ToList();
        DateOnly GoesOutOn(MemberNotice n) => Max(DateOnly.FromDateTime(MerchantClock.ToLocal(n.DueAtUtc, d.Zone)), d.Day);
        var going = pending.Concat(planned.Where(n => n.Status == NoticeStatus.Scheduled)).OrderBy(n => n.DueAtUtc).ThenBy(n => n.MemberId).ToList();
        var counts = going.GroupBy(n => (n.Type, Day: GoesOutOn(n))).Select(g => new ForecastCount(g.Key.Type, g.Key.Day, g.Count())).ToList();
        var skips = planned.Where(n => n.Status == NoticeStatus.Skipped).GroupBy(n => n.Reason).ToDictionary(g => g.Key, g => g.Count());
        var shown = going.Take(UpcomingShown).ToList();
        var phones = await PhonesAsync(db, actor, shown.Select(n => n.MemberId), ct);
        return new NoticeForecast(days, counts, skips, shown.Select(n => Row(n, phones)).ToList(), going.Count);
    }

    /// <summary>Notices already decided, newest first: sent, skipped with the reason, or waiting.</summary>
    public async Task<PagedResult<NoticeRow>> HistoryAsync(StaffActor actor, NoticeQuery query, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Notices.View);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var notices = db.MemberNotices.AsNoTracking();
        if (query.Status is { } status)
            notices = notices.Where(n => n.Status == status);
        if (query.Type is { } type)
            notices = notices.Where(n => n.Type == type);
        var total = await notices.CountAsync(ct);
        var page = await notices.OrderByDescending(n => n.Id).Skip(query.Page * query.PageSize).Take(query.PageSize).ToListAsync(ct);
        var phones = await PhonesAsync(db, actor, page.Select(n => n.MemberId), ct);
        return new PagedResult<NoticeRow>(page.Select(n => Row(n, phones)).ToList(), total);
    }

    /// <summary>Each notice type's text from sample figures, in English and Simplified Chinese, in the merchant's currency.</summary>
    public async Task<IReadOnlyList<NoticePreview>> PreviewsAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Notices.View);
        var d = await settings.DayAsync(ct: ct);
        var tiers = TierEngine.Ordered((await programmes.GetCurrentAsync(ct)).Programme);
        var (lower, upper) = (tiers[Math.Max(0, tiers.Count - 2)], tiers[^1]);
        string Render(Func<string, NoticeData> sample, string language) => NoticeMessages.Render(sample(language), language, d.CurrencySymbol);
        NoticePreview Preview(string type, Func<string, NoticeData> sample) => new(type, Render(sample, NoticePolicy.English), Render(sample, NoticePolicy.Chinese));
        List<ConditionData> Spend(string language, decimal current, decimal missing)
        {
            using var _ = new NoticeMessages.UiCulture(NoticeMessages.CultureOf(language));
            return [new ConditionData("spend", current, missing, new ConditionProgress(TierCondition.Spend(current + missing), current, missing).ToText(12, d.CurrencySymbol))];
        }
        return
        [
            Preview(BusinessEvents.NoticePointsExpiring, _ => new PointsExpiringData(150, d.Day.AddDays(d.Settings.PointsSecondDays), d.Settings.PointsSecondDays)),
            Preview(BusinessEvents.NoticeTierEnding, lang => new TierEndingData(upper.Code, upper.Name, d.Day.AddDays(30), 30, lower.Code, lower.Name, Spend(lang, 800, 200))),
            Preview(BusinessEvents.NoticeCouponExpiring, lang => new CouponExpiringData("C8K2M4", NoticeMessages.Sample("Sample.Coupon", lang), d.Day.AddDays(3), 3)),
            Preview(BusinessEvents.NoticeTierClose, lang => new TierCloseData(lower.Code, upper.Code, upper.Name, Spend(lang, 880, 120))),
            Preview(BusinessEvents.NoticeRewardReachable, lang => new RewardReachableData("TEA", NoticeMessages.Sample("Sample.Item", lang), 500, null, 620)),
        ];
    }

    private static async Task<Dictionary<long, string>> PhonesAsync(LoyaltyDbContext db, StaffActor actor, IEnumerable<long> memberIds, CancellationToken ct)
    {
        var ids = memberIds.Distinct().ToList();
        var phones = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).Select(m => new { m.Id, m.Phone }).ToListAsync(ct);
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        return phones.ToDictionary(p => p.Id, p => full ? p.Phone : PhoneNumbers.Mask(p.Phone));
    }

    private static NoticeRow Row(MemberNotice n, Dictionary<long, string> phones) =>
        new(n.MemberId, phones.GetValueOrDefault(n.MemberId, "—"), n.Type, n.Day, n.DueAtUtc, n.SentAtUtc, n.Status, n.Reason, n.Language, n.Text);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
