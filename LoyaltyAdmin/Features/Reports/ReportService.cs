using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// The monthly reports, read from the rollups (<see cref="MonthlyActivity"/>, <see cref="MonthlyTotal"/>) and counts of
/// the members table, never by scanning the ledger or reading a row per member. Every month is a merchant month. A StoreManager's filter is fixed to their store here,
/// on the server, whatever the page sent.
/// </summary>
public sealed partial class ReportService(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, ProgrammeStore programmes)
{
    /// <summary>The filter the actor may run: their own store unless they see all stores.</summary>
    public static ReportFilter Scope(StaffActor actor, ReportFilter filter)
    {
        actor.Demand(Permissions.Reports.View);
        if (actor.Can(Permissions.Reports.AllStores))
            return filter;
        var claim = actor.Principal.FindFirst(LoyaltyClaimsPrincipalFactory.StoreIdClaim)?.Value;
        // A manager without a store sees no store's figures rather than everyone's.
        return filter with { StoreId = int.TryParse(claim, System.Globalization.CultureInfo.InvariantCulture, out var store) ? store : -1 };
    }

    public async Task<int> CurrentMonthAsync(CancellationToken ct = default) => MonthKey.Of(await merchantClock.TodayAsync(ct));

    public async Task<DashboardData> DashboardAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        var month = filter.ToMonth;
        var previous = MonthKey.Add(month, -1);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trendFrom = MonthKey.Add(month, -5);
        var active = await Activity(db, filter).Where(a => a.JoinMonth == MonthlyActivity.AllCohorts && a.Month >= trendFrom && a.Month <= month)
            .GroupBy(a => a.Month).Select(g => new { Month = g.Key, Buyers = g.Sum(a => a.Buyers), Repeat = g.Sum(a => a.Repeat) }).ToListAsync(ct);
        var activeTrend = MonthKey.Range(trendFrom, month).Select(m => new MonthCount(m, active.FirstOrDefault(a => a.Month == m)?.Buyers ?? 0)).ToList();
        var newTrend = new List<MonthCount>();
        foreach (var m in MonthKey.Range(trendFrom, month))
            newTrend.Add(new MonthCount(m, await JoinedAsync(db, filter, m, zone, ct)));
        decimal Rate(int m) => active.FirstOrDefault(a => a.Month == m) is { Buyers: > 0 } a ? Ratio(a.Repeat, a.Buyers) : 0m;

        var points = await PointsByMonthAsync(db, filter, previous, month, ct);
        long Points(int m, PointsEntryKind kind) => points.Where(p => p.Month == m && p.Kind == kind).Sum(p => p.Amount);
        var liability = await LiabilityAtAsync(db, filter, month, ct);
        var (moneyPerPoint, currency) = await PointValueAsync(ct);
        return new DashboardData(month,
            new Kpi(activeTrend[^1].Value, activeTrend[^2].Value),
            new Kpi(newTrend[^1].Value, newTrend[^2].Value),
            new Kpi(Rate(month), Rate(previous)),
            new Kpi(Points(month, PointsEntryKind.Earn), Points(previous, PointsEntryKind.Earn)),
            new Kpi(-Points(month, PointsEntryKind.Redeem), -Points(previous, PointsEntryKind.Redeem)),
            liability, liability * moneyPerPoint, currency, await DistributionAsync(db, filter, ct), activeTrend, newTrend);
    }

    public async Task<RetentionReport> RetentionAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = Activity(db, filter);
        var cells = await activity
            .Where(a => a.JoinMonth >= filter.FromMonth && a.JoinMonth <= filter.ToMonth && a.Month >= a.JoinMonth && a.Month <= filter.ToMonth)
            .GroupBy(a => new { a.JoinMonth, a.Month }).Select(g => new { g.Key.JoinMonth, g.Key.Month, Active = g.Sum(a => a.Buyers) }).ToListAsync(ct);
        var offsets = MonthKey.Between(filter.FromMonth, filter.ToMonth) + 1;
        var cohorts = new List<CohortRow>();
        foreach (var join in MonthKey.Range(filter.FromMonth, filter.ToMonth))
        {
            var size = await JoinedAsync(db, filter, join, zone, ct);
            var row = Enumerable.Range(0, MonthKey.Between(join, filter.ToMonth) + 1).Select(offset =>
            {
                var count = cells.FirstOrDefault(c => c.JoinMonth == join && c.Month == MonthKey.Add(join, offset))?.Active ?? 0;
                return new CohortCell(offset, count, Ratio(count, size));
            }).ToList();
            cohorts.Add(new CohortRow(join, size, row));
        }

        // Retained in a month = last month's buyers who bought again; counted with last month's store and tier.
        var from = MonthKey.Add(filter.FromMonth, -1);
        var perMonth = await activity.Where(a => a.JoinMonth == MonthlyActivity.AllCohorts && a.Month >= from && a.Month <= filter.ToMonth).GroupBy(a => a.Month)
            .Select(g => new { Month = g.Key, Active = g.Sum(a => a.Buyers), Returned = g.Sum(a => a.Returned) }).ToListAsync(ct);
        var monthOverMonth = MonthKey.Range(filter.FromMonth, filter.ToMonth).Select(month =>
        {
            var now = perMonth.FirstOrDefault(p => p.Month == month);
            var before = perMonth.FirstOrDefault(p => p.Month == MonthKey.Add(month, -1));
            var retained = before?.Returned ?? 0;
            return new ActiveRetention(month, now?.Active ?? 0, before?.Active ?? 0, retained, Ratio(retained, before?.Active ?? 0));
        }).ToList();
        return new RetentionReport(cohorts, offsets, monthOverMonth);
    }

    public async Task<RepurchaseReport> RepurchaseAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // One read: every channel's rows (and the all-channels rows) by month and tier; the split happens here.
        var rows = await Activity(db, filter with { Channel = null }, everyChannel: true)
            .Where(a => a.JoinMonth == MonthlyActivity.AllCohorts && a.Month >= filter.FromMonth && a.Month <= filter.ToMonth)
            .GroupBy(a => new { a.Month, a.TierCode, a.Channel })
            .Select(g => new { g.Key.Month, g.Key.TierCode, g.Key.Channel, Buyers = g.Sum(a => a.Buyers), Repeat = g.Sum(a => a.Repeat) }).ToListAsync(ct);
        var selected = filter.Channel is { } c ? (int)c : MonthlyActivity.AllChannels;
        var inFilter = rows.Where(r => r.Channel == selected).ToList();
        RepurchaseRow Row(string label, IEnumerable<(long Buyers, long Repeat)> part)
        {
            var (buyers, repeat) = part.Aggregate((0L, 0L), (sum, r) => (sum.Item1 + r.Buyers, sum.Item2 + r.Repeat));
            return new RepurchaseRow(label, buyers, repeat, Ratio(repeat, buyers));
        }
        var tiers = await TierNamesAsync(ct);
        return new RepurchaseReport(
            [.. MonthKey.Range(filter.FromMonth, filter.ToMonth).Select(m => Row(MonthKey.Format(m), inFilter.Where(r => r.Month == m).Select(r => (r.Buyers, r.Repeat))))],
            [.. inFilter.GroupBy(r => r.TierCode).OrderBy(g => tiers.FindIndex(x => x.Code == g.Key))
                .Select(g => Row(tiers.Find(x => x.Code == g.Key)?.Name ?? g.Key, g.Select(r => (r.Buyers, r.Repeat))))],
            [.. Enum.GetValues<Channel>().Where(ch => filter.Channel is null || ch == filter.Channel)
                .Select(ch => Row(ch.ToString(), rows.Where(r => r.Channel == (int)ch).Select(r => (r.Buyers, r.Repeat))))]);
    }

    public async Task<PointsReport> PointsAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (moneyPerPoint, currency) = await PointValueAsync(ct);
        var points = await PointsByMonthAsync(db, filter, filter.FromMonth, filter.ToMonth, ct);
        var liability = await LiabilityAtAsync(db, filter, MonthKey.Add(filter.FromMonth, -1), ct);
        var months = new List<PointsMonth>();
        foreach (var month in MonthKey.Range(filter.FromMonth, filter.ToMonth))
        {
            long Sum(PointsEntryKind kind) => points.Where(p => p.Month == month && p.Kind == kind).Sum(p => p.Amount);
            var (issued, redeemed) = (Sum(PointsEntryKind.Earn), -Sum(PointsEntryKind.Redeem));
            liability += points.Where(p => p.Month == month).Sum(p => p.Amount);
            months.Add(new PointsMonth(month, issued, redeemed, -Sum(PointsEntryKind.Expire), Sum(PointsEntryKind.Adjust), -Sum(PointsEntryKind.Reverse),
                Ratio(redeemed, issued), liability, liability * moneyPerPoint));
        }

        // What expires when: the open points of the lots expiring in each of the next 12 merchant months, this one first.
        var first = MonthKey.Of(await merchantClock.TodayAsync(ct));
        var last = MonthKey.Add(first, 11);
        var open = db.MonthlyTotals.AsNoTracking().Where(t => t.Measure == Measures.Expiring && t.Month >= first && t.Month <= last);
        if (filter.StoreId is { } store)
            open = open.Where(t => t.StoreId == store);
        var expiring = await open.GroupBy(t => t.Month).Select(g => new { Month = g.Key, Points = g.Sum(t => t.Amount) }).ToListAsync(ct);
        var expiry = MonthKey.Range(first, last).Select(m =>
        {
            var p = expiring.FirstOrDefault(e => e.Month == m)?.Points ?? 0;
            return new ExpiryForecast(m, p, p * moneyPerPoint);
        }).ToList();
        return new PointsReport(months, expiry, moneyPerPoint, currency);
    }

    public async Task<TierReport> TiersAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var totals = db.MonthlyTotals.AsNoTracking().Where(t => t.Measure == Measures.Tier && t.Month >= filter.FromMonth && t.Month <= filter.ToMonth);
        if (filter.StoreId is { } store)
            totals = totals.Where(t => t.StoreId == store);
        var rows = await totals.GroupBy(t => new { t.Month, t.Key }).Select(g => new { g.Key.Month, g.Key.Key, Count = g.Sum(t => t.Count) }).ToListAsync(ct);
        long Count(int month, TierChangeKind kind) => rows.Where(r => r.Month == month && r.Key.StartsWith(kind + ":", StringComparison.Ordinal)).Sum(r => r.Count);
        var movements = MonthKey.Range(filter.FromMonth, filter.ToMonth)
            .Select(m => new TierMovement(m, Count(m, TierChangeKind.Upgrade), Count(m, TierChangeKind.Downgrade), Count(m, TierChangeKind.Keep), Count(m, TierChangeKind.Manual)))
            .ToList();
        return new TierReport(await DistributionAsync(db, filter, ct), movements);
    }

    /// <summary>
    /// Coupon issue and write-off rates per template, and each referral campaign's funnel, for what was issued or registered
    /// in the period. Small tables read directly (coupons and referrals are not ledger-sized); narrowed by the members' home store.
    /// </summary>
    public async Task<CampaignReport> CampaignsAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var start = MonthKey.StartUtc(filter.FromMonth, zone);
        var end = MonthKey.StartUtc(MonthKey.Add(filter.ToMonth, 1), zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = db.Members.AsNoTracking().Where(m => filter.StoreId == null || m.HomeStoreId == filter.StoreId);
        var coupons = await (
            from c in db.Coupons.AsNoTracking()
            join m in members on c.MemberId equals m.Id
            join t in db.CouponTemplates on c.TemplateId equals t.Id
            where c.IssuedAtUtc >= start && c.IssuedAtUtc < end
            group c by new { t.Id, t.Name } into g
            select new
            {
                g.Key.Name, Issued = g.LongCount(), Redeemed = g.LongCount(c => c.Status == Coupons.CouponStatus.Redeemed),
                Expired = g.LongCount(c => c.Status == Coupons.CouponStatus.Expired), Voided = g.LongCount(c => c.Status == Coupons.CouponStatus.Voided),
            }).ToListAsync(ct);
        var referrals = await (
            from r in db.Referrals.AsNoTracking()
            join m in members on r.RefereeId equals m.Id
            join c in db.ReferralCampaigns on r.CampaignId equals c.Id
            where r.RegisteredAtUtc >= start && r.RegisteredAtUtc < end
            group r by new { c.Id, c.Name, c.LinkUses } into g
            select new
            {
                g.Key.Name, g.Key.LinkUses, Registrations = g.LongCount(), FirstOrders = g.LongCount(r => r.FirstOrderAtUtc != null),
                Rewarded = g.LongCount(r => r.Status == Referrals.ReferralStatus.Qualified),
            }).ToListAsync(ct);
        return new CampaignReport(
            [.. coupons.OrderByDescending(c => c.Issued).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new CouponTemplateRate(c.Name, c.Issued, c.Redeemed, c.Expired, c.Voided, c.Issued == 0 ? 0 : (decimal)c.Redeemed / c.Issued))],
            [.. referrals.OrderByDescending(r => r.Registrations).ThenBy(r => r.Name, StringComparer.Ordinal)
                .Select(r => new ReferralFunnelRow(r.Name, r.LinkUses, r.Registrations, r.FirstOrders, r.Rewarded))]);
    }

    /// <summary>
    /// The activity counts narrowed by home store and tier at the time, for the filter's channel (or all channels);
    /// with <paramref name="everyChannel"/>, the rows of every channel and of all channels together.
    /// </summary>
    private static IQueryable<MonthlyActivity> Activity(LoyaltyDbContext db, ReportFilter filter, bool everyChannel = false)
    {
        // A count moved to another tier by a late purchase leaves a row of zeros (Repeat and Returned never exceed Buyers).
        var q = db.MonthlyActivity.AsNoTracking().Where(a => a.Buyers != 0);
        if (!everyChannel)
        {
            var channel = filter.Channel is { } c ? (int)c : MonthlyActivity.AllChannels;
            q = q.Where(a => a.Channel == channel);
        }
        if (filter.StoreId is { } store)
            q = q.Where(a => a.StoreId == store);
        if (filter.TierCode is { } tier)
            q = q.Where(a => a.TierCode == tier);
        return q;
    }

    private static IQueryable<Member> MembersOf(LoyaltyDbContext db, ReportFilter filter)
    {
        var q = db.Members.AsNoTracking();
        if (filter.StoreId is { } store)
            q = q.Where(m => m.HomeStoreId == store);
        if (filter.TierCode is { } tier)
            q = q.Where(m => m.TierCode == tier);
        return q;
    }

    private static Task<int> JoinedAsync(LoyaltyDbContext db, ReportFilter filter, int month, TimeZoneInfo zone, CancellationToken ct)
    {
        var (start, end) = (MonthKey.StartUtc(month, zone), MonthKey.StartUtc(MonthKey.Add(month, 1), zone));
        // The channel and the tier narrow purchases, not who joined: a cohort stays whole and its rate is the share
        // buying on that channel, or while in that tier.
        var q = db.Members.AsNoTracking().Where(m => m.JoinedAtUtc >= start && m.JoinedAtUtc < end);
        if (filter.StoreId is { } store)
            q = q.Where(m => m.HomeStoreId == store);
        return q.CountAsync(ct);
    }

    private sealed record KindTotal(int Month, PointsEntryKind Kind, long Amount);

    private static async Task<List<KindTotal>> PointsByMonthAsync(LoyaltyDbContext db, ReportFilter filter, int from, int to, CancellationToken ct)
    {
        var q = db.MonthlyTotals.AsNoTracking().Where(t => t.Measure == Measures.Points && t.Month >= from && t.Month <= to);
        if (filter.StoreId is { } store)
            q = q.Where(t => t.StoreId == store);
        var rows = await q.GroupBy(t => new { t.Month, t.Key }).Select(g => new { g.Key.Month, g.Key.Key, Amount = g.Sum(t => t.Amount) }).ToListAsync(ct);
        return rows.Select(r => new KindTotal(r.Month, Enum.Parse<PointsEntryKind>(r.Key), r.Amount)).ToList();
    }

    /// <summary>Points owed to members at the end of <paramref name="month"/>: every entry up to then.</summary>
    private static async Task<long> LiabilityAtAsync(LoyaltyDbContext db, ReportFilter filter, int month, CancellationToken ct)
    {
        var q = db.MonthlyTotals.AsNoTracking().Where(t => t.Measure == Measures.Points && t.Month <= month);
        if (filter.StoreId is { } store)
            q = q.Where(t => t.StoreId == store);
        return await q.SumAsync(t => (long?)t.Amount, ct) ?? 0;
    }

    private async Task<List<TierCount>> DistributionAsync(LoyaltyDbContext db, ReportFilter filter, CancellationToken ct)
    {
        var counts = await MembersOf(db, filter).GroupBy(m => m.TierCode).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        var total = counts.Sum(c => c.Count);
        var tiers = await TierNamesAsync(ct);
        return counts.OrderBy(c => tiers.FindIndex(t => t.Code == c.Key)).Select(c =>
        {
            var tier = tiers.Find(t => t.Code == c.Key);
            return new TierCount(c.Key, tier?.Name ?? c.Key, tier?.Colour ?? "#9E9E9E", c.Count, Ratio(c.Count, total));
        }).ToList();
    }

    public async Task<List<Tier>> TierNamesAsync(CancellationToken ct = default) =>
        [.. TierEngine.Ordered((await programmes.GetCurrentAsync(ct)).Programme)];

    private async Task<(decimal MoneyPerPoint, string Currency)> PointValueAsync(CancellationToken ct) =>
        ((await programmes.GetCurrentAsync(ct)).Programme.PointValue.MoneyPerPoint, (await merchantClock.GetAsync(ct)).Currency);

    private static decimal Ratio(long part, long whole) => whole == 0 ? 0m : Math.Round((decimal)part / whole, 4);
}
