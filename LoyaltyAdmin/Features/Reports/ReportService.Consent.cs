using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Reports;

public sealed partial class ReportService
{
    /// <summary>
    /// The share of members who agreed to marketing messages (what automations and marketing notices may reach), read from the
    /// members' consent fields; narrowed by home store. The month is the merchant month of the last answer.
    /// </summary>
    public async Task<ConsentReport> ConsentAsync(StaffActor actor, ReportFilter requested, CancellationToken ct = default)
    {
        var filter = Scope(actor, requested);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = db.Members.AsNoTracking().Where(m => m.Status != MemberStatus.Erased);
        if (filter.StoreId is { } store)
            members = members.Where(m => m.HomeStoreId == store);
        var totals = await members.GroupBy(_ => 1).Select(g => new
        {
            Members = g.LongCount(), Consenting = g.LongCount(m => m.MarketingConsent), NeverAsked = g.LongCount(m => m.ConsentChangedAtUtc == null),
        }).SingleOrDefaultAsync(ct);

        var byMonth = new List<ConsentRow>();
        foreach (var month in MonthKey.Range(filter.FromMonth, filter.ToMonth))
        {
            var (start, end) = (MonthKey.StartUtc(month, zone), MonthKey.StartUtc(MonthKey.Add(month, 1), zone));
            var counts = await members.Where(m => m.ConsentChangedAtUtc >= start && m.ConsentChangedAtUtc < end).GroupBy(_ => 1)
                .Select(g => new { Members = g.LongCount(), Consenting = g.LongCount(m => m.MarketingConsent) }).SingleOrDefaultAsync(ct);
            byMonth.Add(Row(MonthKey.Format(month), counts?.Members ?? 0, counts?.Consenting ?? 0));
        }
        var bySource = await members.Where(m => m.ConsentSource != null).GroupBy(m => m.ConsentSource)
            .Select(g => new { Source = g.Key!, Members = g.LongCount(), Consenting = g.LongCount(m => m.MarketingConsent) }).ToListAsync(ct);
        return new ConsentReport(totals?.Members ?? 0, totals?.Consenting ?? 0, Ratio(totals?.Consenting ?? 0, totals?.Members ?? 0), totals?.NeverAsked ?? 0,
            byMonth, [.. bySource.OrderByDescending(s => s.Members).ThenBy(s => s.Source, StringComparer.Ordinal).Select(s => Row(s.Source, s.Members, s.Consenting))]);
    }

    private static ConsentRow Row(string label, long members, long consenting) => new(label, members, consenting, Ratio(consenting, members));
}

/// <summary>Where a consent was recorded, in the reader's language (a source without a name of its own is shown as stored).</summary>
public static class ConsentSources
{
    public static string Label(Microsoft.Extensions.Localization.IStringLocalizer<ReportsText> t, string source) =>
        t["ConsentSource." + source] is { ResourceNotFound: false } text ? text.Value : source;
}
