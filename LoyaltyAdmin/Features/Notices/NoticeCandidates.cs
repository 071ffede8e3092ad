using System.Globalization;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>What the notices need of an active member; <see cref="Language"/> is already the one the member reads.</summary>
public sealed record NoticeMember(long Id, string TierCode, DateOnly TierSince, DateOnly? TierValidUntil, long AvailablePoints, decimal LifetimeSpend,
    long GrowthValue, int ActiveDays, int SuccessfulReferrals, string Language, bool MarketingConsent);

/// <summary>A notice a day calls for, before consent and the caps decide whether it goes out.</summary>
public sealed record NoticeCandidate(NoticeMember Member, string Subject, NoticeData Data)
{
    public string Type => Data.Type;
}

/// <summary>The merchant day notices are computed for, the time they are computed at, and the settings in force.</summary>
public sealed record NoticeDay(DateOnly Day, DateTime NowUtc, TimeZoneInfo Zone, string CurrencySymbol, NoticeSettings Settings);

/// <summary>
/// Finds the notices a merchant day calls for: points and coupons reaching their warning horizon, tiers whose validity ends
/// without the retention condition met, members close to the next tier, catalogue items now in reach. The same queries
/// answer, for one member at publishing time, whether a notice is still true and with which figures.
/// </summary>
public sealed class NoticeCandidates(ProgrammeStore programmes)
{
    public const int BatchSize = 500;

    /// <summary>What to look for, and for which dates.</summary>
    private sealed record Wanted(IReadOnlyDictionary<DateOnly, int> PointDates, DateOnly? CouponLastDay = null, string? CouponCode = null,
        DateOnly? TierValidUntil = null, bool TierClose = false, bool Rewards = false);

    /// <summary>The day's candidates for the next <see cref="BatchSize"/> active members after <paramref name="afterId"/>; null when none is left.</summary>
    public async Task<(List<NoticeCandidate> Candidates, long LastId)?> BatchAsync(LoyaltyDbContext db, NoticeDay d, long afterId, CancellationToken ct)
    {
        var members = await LoadAsync(Active(db).Where(m => m.Id > afterId).OrderBy(m => m.Id).Take(BatchSize), d.Settings, ct);
        if (members.Count == 0)
            return null;
        return (await ComputeAsync(db, d, members, For(d, marketing: true), ct), members[^1].Id);
    }

    /// <summary>
    /// What the <paramref name="days"/> days after <paramref name="d"/> will call for as things stand: the notices that follow
    /// from dates (points, coupons, tier validity), day by day. Marketing notices depend on each morning's balances and are not forecast.
    /// </summary>
    public async Task<List<(NoticeDay Day, List<NoticeCandidate> Candidates)>> ForecastAsync(LoyaltyDbContext db, NoticeDay d, int days, CancellationToken ct)
    {
        var s = d.Settings;
        var (first, last) = (d.Day.AddDays(1), d.Day.AddDays(days));
        var ids = new HashSet<long>();
        foreach (var n in new[] { s.PointsFirstDays, s.PointsSecondDays }.Where(n => n > 0).Distinct())
        {
            var (a, b) = (first.AddDays(n), last.AddDays(n));
            ids.UnionWith(await db.PointLots.Where(l => l.Remaining > 0 && l.ExpiresOn >= a && l.ExpiresOn <= b).Select(l => l.MemberId).Distinct().ToListAsync(ct));
        }
        if (s.CouponDays > 0)
        {
            var (lo, hi) = (StartUtc(first.AddDays(s.CouponDays), d.Zone), StartUtc(last.AddDays(s.CouponDays + 1), d.Zone));
            ids.UnionWith(await db.Coupons.Where(c => c.Status == CouponStatus.Issued && c.ValidUntilUtc > lo && c.ValidUntilUtc <= hi)
                .Select(c => c.MemberId).Distinct().ToListAsync(ct));
        }
        if (s.TierEndingDays > 0)
        {
            var (a, b) = (first.AddDays(s.TierEndingDays), last.AddDays(s.TierEndingDays));
            ids.UnionWith(await db.Members.Where(m => m.TierValidUntil >= a && m.TierValidUntil <= b).Select(m => m.Id).ToListAsync(ct));
        }
        var forecast = Enumerable.Range(1, days)
            .Select(k => (Day: d with { Day = d.Day.AddDays(k), NowUtc = StartUtc(d.Day.AddDays(k), d.Zone) }, Candidates: new List<NoticeCandidate>())).ToList();
        foreach (var chunk in ids.Order().Chunk(BatchSize))
        {
            var members = await LoadAsync(Active(db).Where(m => chunk.Contains(m.Id)), s, ct);
            if (members.Count == 0)
                continue;
            foreach (var (day, found) in forecast)
                found.AddRange(await ComputeAsync(db, day, members, For(day, marketing: false), ct));
        }
        return forecast;
    }

    /// <summary>The notice of <paramref name="type"/> about <paramref name="subject"/> as it stands on <paramref name="d"/>; null when it no longer applies.</summary>
    public async Task<NoticeCandidate?> RefreshAsync(LoyaltyDbContext db, NoticeDay d, long memberId, string type, string subject, CancellationToken ct)
    {
        var member = (await LoadAsync(Active(db).Where(m => m.Id == memberId), d.Settings, ct)).SingleOrDefault();
        if (member is null)
            return null;
        var wanted = type switch
        {
            BusinessEvents.NoticePointsExpiring when SubjectDate(subject) is { } date && date >= d.Day =>
                new Wanted(new Dictionary<DateOnly, int> { [date] = int.Parse(subject[(subject.IndexOf('/') + 1)..], CultureInfo.InvariantCulture) }),
            BusinessEvents.NoticeCouponExpiring => new Wanted(Empty, CouponCode: subject),
            BusinessEvents.NoticeTierEnding when member.TierValidUntil >= d.Day => new Wanted(Empty, TierValidUntil: member.TierValidUntil),
            BusinessEvents.NoticeTierClose => new Wanted(Empty, TierClose: true),
            BusinessEvents.NoticeRewardReachable => new Wanted(Empty, Rewards: true),
            _ => null,
        };
        if (wanted is null)
            return null;
        var found = await ComputeAsync(db, d, [member], wanted, ct);
        return found.FirstOrDefault(c => c.Type == type && c.Subject == subject);
    }

    /// <summary>Everything a day calls for under its settings; <paramref name="marketing"/> adds the notices that follow from balances.</summary>
    private static Wanted For(NoticeDay d, bool marketing)
    {
        var s = d.Settings;
        var pointDates = new[] { s.PointsFirstDays, s.PointsSecondDays }.Where(n => n > 0).Distinct().ToDictionary(n => d.Day.AddDays(n), n => n);
        return new Wanted(pointDates, s.CouponDays > 0 ? d.Day.AddDays(s.CouponDays) : null, null, s.TierEndingDays > 0 ? d.Day.AddDays(s.TierEndingDays) : null,
            marketing && s.TierClosePercent > 0, marketing && s.RewardReachable);
    }

    private static readonly IReadOnlyDictionary<DateOnly, int> Empty = new Dictionary<DateOnly, int>();

    private static IQueryable<Member> Active(LoyaltyDbContext db) => db.Members.AsNoTracking().Where(m => m.Status == MemberStatus.Active);

    /// <summary>The members <paramref name="query"/> finds, in id order, each with the language they read.</summary>
    private static async Task<List<NoticeMember>> LoadAsync(IQueryable<Member> query, NoticeSettings s, CancellationToken ct) =>
        (await query.OrderBy(m => m.Id)
            .Select(m => new NoticeMember(m.Id, m.TierCode, m.TierSince, m.TierValidUntil, m.PointsBalance - m.PendingPoints, m.LifetimeSpend, m.GrowthValue,
                m.ActiveDays, m.SuccessfulReferrals, m.PreferredLanguage ?? "", m.MarketingConsent))
            .ToListAsync(ct))
        .Select(m => m with { Language = NoticePolicy.LanguageFor(m.Language, s.DefaultLanguage) }).ToList();

    private async Task<List<NoticeCandidate>> ComputeAsync(LoyaltyDbContext db, NoticeDay d, List<NoticeMember> members, Wanted wanted, CancellationToken ct)
    {
        var (from, to) = (members[0].Id, members[^1].Id);
        var byId = members.ToDictionary(m => m.Id);
        var found = new List<NoticeCandidate>();

        if (wanted.PointDates.Count > 0)
        {
            // One or two horizons (30 and 7 days): plain comparisons keep the expiry index usable on every provider.
            var (first, second) = (wanted.PointDates.Keys.Min(), wanted.PointDates.Keys.Max());
            var lots = await db.PointLots.AsNoTracking()
                .Where(l => l.MemberId >= from && l.MemberId <= to && l.Remaining > 0 && (l.ExpiresOn == first || l.ExpiresOn == second))
                .GroupBy(l => new { l.MemberId, l.ExpiresOn })
                .Select(g => new { g.Key.MemberId, g.Key.ExpiresOn, Points = g.Sum(l => l.Remaining) }).ToListAsync(ct);
            found.AddRange(lots.Where(l => byId.ContainsKey(l.MemberId)).Select(l => new NoticeCandidate(byId[l.MemberId],
                string.Create(CultureInfo.InvariantCulture, $"{l.ExpiresOn:yyyy-MM-dd}/{wanted.PointDates[l.ExpiresOn!.Value]}"),
                new PointsExpiringData(l.Points, l.ExpiresOn.Value, l.ExpiresOn.Value.DayNumber - d.Day.DayNumber))));
        }

        if (wanted.CouponLastDay is not null || wanted.CouponCode is not null)
            found.AddRange(await CouponsAsync(db, d, byId, from, to, wanted, ct));

        var programme = await programmes.GetCurrentAsync(ct);
        var ending = wanted.TierValidUntil is { } until ? members.Where(m => m.TierValidUntil == until).ToList() : [];
        var close = wanted.TierClose && programme.Programme.Tiers.Count > 1 ? members : [];
        if (ending.Count > 0 || close.Count > 0)
        {
            var rolling = programme.UsesRollingSpend ? await RollingSpendAsync(db, from, to, programme.Programme, d.NowUtc, ct) : new Dictionary<long, decimal>();
            QualificationStats Stats(NoticeMember m) =>
                new(m.LifetimeSpend, rolling.GetValueOrDefault(m.Id), m.GrowthValue, m.ActiveDays, m.SuccessfulReferrals);
            foreach (var m in ending)
            {
                if (TierEnding(programme.Programme, m, Stats(m), d) is { } data)
                    found.Add(new NoticeCandidate(m, string.Create(CultureInfo.InvariantCulture, $"{data.Tier}/{data.ValidUntil:yyyy-MM-dd}"), data));
            }
            foreach (var m in close)
            {
                if (TierClose(programme.Programme, m, Stats(m), d) is { } data)
                    found.Add(new NoticeCandidate(m, string.Create(CultureInfo.InvariantCulture, $"{data.NextTier}/{m.TierSince:yyyy-MM-dd}"), data));
            }
        }

        if (wanted.Rewards)
            found.AddRange(await RewardsAsync(db, d.Day, byId, from, to, ct));
        return found;
    }

    private static async Task<IEnumerable<NoticeCandidate>> CouponsAsync(LoyaltyDbContext db, NoticeDay d, Dictionary<long, NoticeMember> byId, long from, long to,
        Wanted wanted, CancellationToken ct)
    {
        // A coupon is valid until the instant its last merchant day ends.
        var coupons = db.Coupons.AsNoTracking().Where(c => c.MemberId >= from && c.MemberId <= to && c.Status == CouponStatus.Issued && c.ValidUntilUtc > d.NowUtc);
        if (wanted.CouponLastDay is { } last)
        {
            var (lo, hi) = (StartUtc(last, d.Zone), StartUtc(last.AddDays(1), d.Zone));
            coupons = coupons.Where(c => c.ValidUntilUtc > lo && c.ValidUntilUtc <= hi);
        }
        if (wanted.CouponCode is { } code)
            coupons = coupons.Where(c => c.Code == code);
        var rows = await (from c in coupons join t in db.CouponTemplates on c.TemplateId equals t.Id select new { c.MemberId, c.Code, t.Name, c.ValidUntilUtc })
            .ToListAsync(ct);
        return rows.Where(r => byId.ContainsKey(r.MemberId)).Select(r =>
        {
            var lastDay = DateOnly.FromDateTime(Settings.MerchantClock.ToLocal(r.ValidUntilUtc.AddTicks(-1), d.Zone));
            return new NoticeCandidate(byId[r.MemberId], r.Code, new CouponExpiringData(r.Code, r.Name, lastDay, lastDay.DayNumber - d.Day.DayNumber));
        });
    }

    private static async Task<IEnumerable<NoticeCandidate>> RewardsAsync(LoyaltyDbContext db, DateOnly day, Dictionary<long, NoticeMember> byId, long from, long to,
        CancellationToken ct)
    {
        var items = await db.CatalogueItems.AsNoTracking()
            .Where(i => i.IsActive && i.Points > 0 && (i.AvailableFrom == null || i.AvailableFrom <= day) && (i.AvailableUntil == null || i.AvailableUntil >= day)
                        && (i.Stock == null || i.Redeemed < i.Stock))
            .Select(i => new { i.Id, i.Code, i.Name, i.Points, i.Cash }).ToListAsync(ct);
        if (items.Count == 0)
            return [];
        var cheapest = items.Min(i => i.Points);
        var reaching = byId.Values.Where(m => m.AvailablePoints >= cheapest).ToList();
        if (reaching.Count == 0)
            return [];
        var redeemed = (await db.CatalogueRedemptions.AsNoTracking().Where(r => r.MemberId >= from && r.MemberId <= to)
                .Select(r => new { r.MemberId, r.ItemId }).Distinct().ToListAsync(ct))
            .ToLookup(r => r.MemberId, r => r.ItemId);
        // The dearest item first: the scheduler tells each member of one item at a time.
        var ordered = items.OrderByDescending(i => i.Points).ThenBy(i => i.Code, StringComparer.Ordinal).ToList();
        return reaching.SelectMany(m => ordered.Where(i => i.Points <= m.AvailablePoints && !redeemed[m.Id].Contains(i.Id))
            .Select(i => new NoticeCandidate(m, i.Code, new RewardReachableData(i.Code, i.Name, i.Points, i.Cash, m.AvailablePoints))));
    }

    /// <summary>Confirmed spend net of refunds in the qualification window, per member, as the ledger decides tiers on it.</summary>
    private static async Task<Dictionary<long, decimal>> RollingSpendAsync(LoyaltyDbContext db, long from, long to, Rules.Programme programme, DateTime atUtc,
        CancellationToken ct)
    {
        var since = atUtc.AddMonths(-programme.QualificationWindowMonths);
        return await db.MemberOrders.AsNoTracking()
            .Where(o => o.MemberId >= from && o.MemberId <= to && o.PendingUntil == null && o.OccurredAtUtc >= since)
            .GroupBy(o => o.MemberId).Select(g => new { g.Key, Spend = g.Sum(o => o.Amount - o.RefundedAmount) })
            .ToDictionaryAsync(x => x.Key, x => x.Spend, ct);
    }

    /// <summary>The tier would move down when its validity ends, unless one of the retention conditions is met first.</summary>
    internal static TierEndingData? TierEnding(Rules.Programme programme, NoticeMember m, QualificationStats stats, NoticeDay d)
    {
        if (m.TierValidUntil is not { } until)
            return null;
        var decision = TierEngine.DecideAtValidityEnd(programme, m.TierCode, stats);
        if (decision.Change != TierChange.Downgrade || decision.From.Code != m.TierCode)
            return null;
        var progress = TierEngine.RetentionProgress(programme, m.TierCode, stats);
        return new TierEndingData(decision.From.Code, decision.From.Name, until, until.DayNumber - d.Day.DayNumber, decision.To.Code, decision.To.Name,
            Conditions(progress, m.Language, d.CurrencySymbol));
    }

    /// <summary>The next tier is near: some entry condition lacks at most <see cref="NoticeSettings.TierClosePercent"/> percent of its threshold.</summary>
    internal static TierCloseData? TierClose(Rules.Programme programme, NoticeMember m, QualificationStats stats, NoticeDay d)
    {
        var progress = TierEngine.Progress(programme, m.TierCode, stats);
        var share = d.Settings.TierClosePercent / 100m;
        if (progress.Target is null || progress.Met || progress.Current.Code != m.TierCode
            || !progress.Conditions.Any(c => c.Condition.Threshold > 0 && c.Missing <= c.Condition.Threshold * share))
            return null;
        return new TierCloseData(progress.Current.Code, progress.Target.Code, progress.Target.Name, Conditions(progress, m.Language, d.CurrencySymbol));
    }

    private static List<ConditionData> Conditions(TierProgress progress, string language, string currencySymbol)
    {
        using var _ = new NoticeMessages.UiCulture(NoticeMessages.CultureOf(language));
        return progress.Conditions.Where(c => !c.Met)
            .Select(c => new ConditionData(JsonNamingPolicy.SnakeCaseLower.ConvertName(c.Condition.PathName), c.Current, c.Missing,
                c.ToText(progress.WindowMonths, currencySymbol)))
            .ToList();
    }

    /// <summary>The expiry date a points subject ("2026-04-09/7") starts with.</summary>
    private static DateOnly? SubjectDate(string subject) =>
        subject.Length > 10 && DateOnly.TryParseExact(subject.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;

    /// <summary>The instant a merchant day starts.</summary>
    public static DateTime StartUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue), DateTimeKind.Unspecified), zone);
}
