using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>One report, or the monthly pack (every report on its own sheets) when <see cref="Kind"/> is null.</summary>
public sealed record ExportRequest(ReportKind? Kind, ReportFilter Filter)
{
    public string FileName
    {
        get
        {
            var period = Filter.FromMonth == Filter.ToMonth
                ? MonthKey.Format(Filter.ToMonth)
                : $"{MonthKey.Format(Filter.FromMonth)}_{MonthKey.Format(Filter.ToMonth)}";
            return $"{Kind?.ToString().ToLowerInvariant() ?? "monthly-pack"}-{period}.xlsx";
        }
    }
}

/// <summary>
/// Writes reports to formatted workbooks through <see cref="ReportWorkbook"/>, with a Parameters sheet saying what was
/// asked, by whom and when (merchant time); every export is audited. Reports hold figures, not member lists, so
/// there are no phone numbers to mask.
/// </summary>
public sealed class ReportExporter(
    ReportService reports,
    MerchantClock merchantClock,
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    TimeProvider clock,
    IStringLocalizer<ReportsText> l)
{
    public async Task ExportAsync(StaffActor actor, ExportRequest request, Stream output, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Reports.Export);
        var filter = ReportService.Scope(actor, request.Filter);
        ReportKind[] kinds = request.Kind is { } kind ? [kind] : Enum.GetValues<ReportKind>();
        using var workbook = new ReportWorkbook();
        for (var i = 0; i < kinds.Length; i++)
        {
            await AddAsync(workbook, actor, kinds[i], filter, ct);
            progress?.Report((i + 1) * 90 / kinds.Length);
        }

        var merchant = await merchantClock.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var store = filter.StoreId is { } id ? await db.Stores.AsNoTracking().Where(s => s.Id == id).Select(s => s.Name).FirstOrDefaultAsync(ct) : null;
        (string Name, string Value)[] parameters =
        [
            (l["Param.Merchant"], merchant.Name),
            (l["Param.Report"], request.Kind is { } k ? l["Report." + k] : l["Report.Pack"]),
            (l["Param.From"], MonthKey.Format(filter.FromMonth)),
            (l["Param.To"], MonthKey.Format(filter.ToMonth)),
            (l["Param.Store"], store ?? l["Filter.AllStores"]),
            (l["Param.Channel"], filter.Channel is { } c ? l["Channel." + c] : l["Filter.AllChannels"]),
            (l["Param.Tier"], filter.TierCode ?? l["Filter.AllTiers"]),
            (l["Param.GeneratedAt"], MerchantClock.ToLocal(now, merchant.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " (" + merchant.TimeZone.Id + ")"),
            (l["Param.GeneratedBy"], actor.Name),
        ];
        workbook.AddSheet(l["Sheet.Parameters"], [new ReportColumn<(string Name, string Value)>(l["Param.Name"], p => p.Name, Width: 24), new(l["Param.Value"], p => p.Value, Width: 44)], parameters);

        AuditLog.Record(db, actor, now, "report.exported", "Report", request.FileName, null,
            new { Report = request.Kind?.ToString() ?? "MonthlyPack", filter.FromMonth, filter.ToMonth, filter.StoreId, Channel = filter.Channel?.ToString(), filter.TierCode });
        await db.SaveChangesAsync(ct);
        workbook.Save(output);
        progress?.Report(100);
    }

    private static DateTime Date(int month) => MonthKey.FirstDay(month).ToDateTime(TimeOnly.MinValue);

    private async Task AddAsync(ReportWorkbook workbook, StaffActor actor, ReportKind kind, ReportFilter filter, CancellationToken ct)
    {
        switch (kind)
        {
            case ReportKind.Retention:
                var retention = await reports.RetentionAsync(actor, filter, ct);
                List<ReportColumn<CohortRow>> cohortColumns =
                [
                    new(l["Col.JoinMonth"], r => Date(r.JoinMonth), ReportFormats.Month, 12),
                    new(l["Col.Members"], r => r.Members, ReportFormats.Integer, 10),
                ];
                for (var offset = 0; offset < retention.Offsets; offset++)
                {
                    var o = offset;
                    cohortColumns.Add(new(l["Col.MonthOffset", o], r => o < r.Cells.Count ? r.Cells[o].Rate : null, ReportFormats.Percent, 8));
                }
                var cohorts = workbook.AddSheet(l["Sheet.Cohorts"], cohortColumns, retention.Cohorts);
                ReportWorkbook.HeatMap(cohorts, 2, 3, retention.Cohorts.Count + 1, retention.Offsets + 2);
                workbook.AddSheet(l["Sheet.ActiveRetention"],
                [
                    new ReportColumn<ActiveRetention>(l["Col.Month"], r => Date(r.Month), ReportFormats.Month, 12),
                    new(l["Col.Active"], r => r.Active, ReportFormats.Integer),
                    new(l["Col.PreviousActive"], r => r.PreviousActive, ReportFormats.Integer),
                    new(l["Col.Retained"], r => r.Retained, ReportFormats.Integer),
                    new(l["Col.RetentionRate"], r => r.Rate, ReportFormats.Percent),
                ], retention.MonthOverMonth);
                break;
            case ReportKind.Repurchase:
                var repurchase = await reports.RepurchaseAsync(actor, filter, ct);
                var rows = repurchase.ByMonth.Select(r => (Group: l["Group.Month"].Value, Row: r))
                    .Concat(repurchase.ByTier.Select(r => (Group: l["Group.Tier"].Value, Row: r)))
                    .Concat(repurchase.ByChannel.Select(r => (Group: l["Group.Channel"].Value, Row: r with { Label = l["Channel." + r.Label] })));
                workbook.AddSheet(l["Sheet.Repurchase"],
                [
                    new ReportColumn<(string Group, RepurchaseRow Row)>(l["Col.Group"], r => r.Group, Width: 12),
                    new(l["Col.Label"], r => r.Row.Label, Width: 16),
                    new(l["Col.Buyers"], r => r.Row.Buyers, ReportFormats.Integer),
                    new(l["Col.Repeat"], r => r.Row.Repeat, ReportFormats.Integer),
                    new(l["Col.RepurchaseRate"], r => r.Row.Rate, ReportFormats.Percent),
                ], rows);
                break;
            case ReportKind.Points:
                var points = await reports.PointsAsync(actor, filter, ct);
                workbook.AddSheet(l["Sheet.Points"],
                [
                    new ReportColumn<PointsMonth>(l["Col.Month"], r => Date(r.Month), ReportFormats.Month, 12),
                    new(l["Col.Issued"], r => r.Issued, ReportFormats.Integer),
                    new(l["Col.Redeemed"], r => r.Redeemed, ReportFormats.Integer),
                    new(l["Col.Expired"], r => r.Expired, ReportFormats.Integer),
                    new(l["Col.Adjusted"], r => r.Adjusted, ReportFormats.Integer),
                    new(l["Col.Reversed"], r => r.Reversed, ReportFormats.Integer),
                    new(l["Col.RedemptionRate"], r => r.RedemptionRate, ReportFormats.Percent),
                    new(l["Col.Liability"], r => r.Liability, ReportFormats.Integer, 16),
                    new(l["Col.LiabilityMoney", points.Currency], r => r.LiabilityMoney, ReportFormats.Money, 18),
                ], points.Months);
                workbook.AddSheet(l["Sheet.Expiry"],
                [
                    new ReportColumn<ExpiryForecast>(l["Col.Month"], r => Date(r.Month), ReportFormats.Month, 12),
                    new(l["Col.Expiring"], r => r.Points, ReportFormats.Integer, 16),
                    new(l["Col.ExpiringMoney", points.Currency], r => r.Money, ReportFormats.Money, 18),
                ], points.Expiry);
                break;
            case ReportKind.Tiers:
                var tiers = await reports.TiersAsync(actor, filter, ct);
                workbook.AddSheet(l["Sheet.TierDistribution"],
                [
                    new ReportColumn<TierCount>(l["Col.Tier"], r => r.TierName, Width: 18),
                    new(l["Col.Members"], r => r.Members, ReportFormats.Integer),
                    new(l["Col.Share"], r => r.Share, ReportFormats.Percent),
                ], tiers.Distribution);
                workbook.AddSheet(l["Sheet.TierMovements"],
                [
                    new ReportColumn<TierMovement>(l["Col.Month"], r => Date(r.Month), ReportFormats.Month, 12),
                    new(l["Col.Upgrades"], r => r.Upgrades, ReportFormats.Integer),
                    new(l["Col.Downgrades"], r => r.Downgrades, ReportFormats.Integer),
                    new(l["Col.Kept"], r => r.Kept, ReportFormats.Integer),
                    new(l["Col.Manual"], r => r.Manual, ReportFormats.Integer),
                ], tiers.Movements);
                break;
            case ReportKind.Campaigns:
                var campaigns = await reports.CampaignsAsync(actor, filter, ct);
                workbook.AddSheet(l["Sheet.Coupons"],
                [
                    new ReportColumn<CouponTemplateRate>(l["Col.Template"], r => r.Template, Width: 24),
                    new(l["Col.CouponsIssued"], r => r.Issued, ReportFormats.Integer),
                    new(l["Col.WrittenOff"], r => r.Redeemed, ReportFormats.Integer),
                    new(l["Col.CouponsExpired"], r => r.Expired, ReportFormats.Integer),
                    new(l["Col.Voided"], r => r.Voided, ReportFormats.Integer),
                    new(l["Col.WriteOffRate"], r => r.WriteOffRate, ReportFormats.Percent),
                ], campaigns.Coupons);
                workbook.AddSheet(l["Sheet.Referrals"],
                [
                    new ReportColumn<ReferralFunnelRow>(l["Col.Campaign"], r => r.Campaign, Width: 24),
                    new(l["Col.LinkUses"], r => r.LinkUses, ReportFormats.Integer),
                    new(l["Col.Registrations"], r => r.Registrations, ReportFormats.Integer),
                    new(l["Col.FirstOrders"], r => r.FirstOrders, ReportFormats.Integer),
                    new(l["Col.InvitersRewarded"], r => r.InvitersRewarded, ReportFormats.Integer),
                ], campaigns.Referrals);
                break;
            case ReportKind.Consent:
                var consent = await reports.ConsentAsync(actor, filter, ct);
                List<ReportColumn<ConsentRow>> consentColumns(string label, Func<ConsentRow, string> name) =>
                [
                    new(label, name, Width: 16), new(l["Col.Members"], r => r.Members, ReportFormats.Integer),
                    new(l["Col.Consenting"], r => r.Consenting, ReportFormats.Integer), new(l["Col.ConsentRate"], r => r.Share, ReportFormats.Percent),
                ];
                workbook.AddSheet(l["Sheet.ConsentByMonth"], consentColumns(l["Col.Month"], r => r.Label),
                    [new ConsentRow(l["Consent.AllMembers"], consent.Members, consent.Consenting, consent.Share), .. consent.ByMonth]);
                workbook.AddSheet(l["Sheet.ConsentBySource"], consentColumns(l["Col.ConsentSource"], r => ConsentSources.Label(l, r.Label)), consent.BySource);
                break;
        }
    }
}
