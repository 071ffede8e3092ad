using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Demo;

/// <summary>After the demo every report has something to show for each of its measures, as a first look should.</summary>
public sealed class DemoReportsTests(DemoYearFixture demo) : IClassFixture<DemoYearFixture>
{
    private ReportService Reports => demo.Host.Services.GetRequiredService<ReportService>();

    private async Task<ReportFilter> YearAsync()
    {
        var month = await Reports.CurrentMonthAsync();
        return new ReportFilter(MonthKey.Add(month, -12), month);
    }

    private static void NonZero(string measure, decimal total) => Assert.True(total > 0, $"{measure} is zero");

    [Fact]
    public async Task EveryReport_HasNonZeroFiguresForEveryMeasure()
    {
        var owner = MembersFixture.Owner;
        var year = await YearAsync();

        var dashboard = await Reports.DashboardAsync(owner, ReportFilter.Month(MonthKey.Add(year.ToMonth, -1)));
        NonZero("dashboard active", dashboard.ActiveMembers.Value);
        NonZero("dashboard new", dashboard.NewMembers.Value);
        NonZero("dashboard repurchase rate", dashboard.RepurchaseRate.Value);
        NonZero("dashboard issued", dashboard.PointsIssued.Value);
        NonZero("dashboard redeemed", dashboard.PointsRedeemed.Value + dashboard.PointsRedeemed.Previous);
        NonZero("dashboard liability", dashboard.Liability);

        var retention = await Reports.RetentionAsync(owner, year);
        NonZero("cohort members", retention.Cohorts.Sum(c => c.Members));
        NonZero("cohort later months", retention.Cohorts.SelectMany(c => c.Cells).Where(c => c.Offset > 0).Sum(c => c.Active));
        NonZero("retained month over month", retention.MonthOverMonth.Sum(m => m.Retained));

        var repurchase = await Reports.RepurchaseAsync(owner, year);
        foreach (var (name, rows) in new[] { ("month", repurchase.ByMonth), ("tier", repurchase.ByTier), ("channel", repurchase.ByChannel) })
        {
            NonZero($"buyers by {name}", rows.Sum(r => r.Buyers));
            NonZero($"repeat buyers by {name}", rows.Sum(r => r.Repeat));
        }

        var points = await Reports.PointsAsync(owner, year);
        NonZero("issued", points.Months.Sum(m => m.Issued));
        NonZero("redeemed", points.Months.Sum(m => Math.Abs(m.Redeemed)));
        NonZero("expired", points.Months.Sum(m => Math.Abs(m.Expired)));
        NonZero("adjusted", points.Months.Sum(m => Math.Abs(m.Adjusted)));
        NonZero("reversed (refunds)", points.Months.Sum(m => Math.Abs(m.Reversed)));
        NonZero("liability", points.Months[^1].Liability);
        NonZero("expiry forecast", points.Expiry.Sum(e => e.Points));

        var tiers = await Reports.TiersAsync(owner, year);
        Assert.True(tiers.Distribution.Count(t => t.Members > 0) >= 2, "members in more than one tier");
        NonZero("upgrades", tiers.Movements.Sum(m => m.Upgrades));
        NonZero("downgrades", tiers.Movements.Sum(m => m.Downgrades));
        NonZero("kept", tiers.Movements.Sum(m => m.Kept));
        NonZero("manual", tiers.Movements.Sum(m => m.Manual));

        var campaigns = await Reports.CampaignsAsync(owner, year);
        NonZero("coupons issued", campaigns.Coupons.Sum(c => c.Issued));
        NonZero("coupons written off", campaigns.Coupons.Sum(c => c.Redeemed));
        NonZero("coupons expired", campaigns.Coupons.Sum(c => c.Expired));
        NonZero("coupons voided", campaigns.Coupons.Sum(c => c.Voided));
        var referral = Assert.Single(campaigns.Referrals);
        NonZero("link uses", referral.LinkUses);
        NonZero("referred registrations", referral.Registrations);
        NonZero("referred first orders", referral.FirstOrders);
        NonZero("inviters rewarded", referral.InvitersRewarded);

        var consent = await Reports.ConsentAsync(owner, year);
        NonZero("consent members", consent.Members);
        NonZero("consenting", consent.Consenting);
        NonZero("never asked", consent.NeverAsked);
        NonZero("consent by month", consent.ByMonth.Sum(r => r.Consenting));
        NonZero("consent by source", consent.BySource.Sum(r => r.Consenting));
    }

    [Fact]
    public async Task TierMovements_ShowMonthsOfUpgradesAndDowngrades()
    {
        var tiers = await Reports.TiersAsync(MembersFixture.Owner, await YearAsync());

        Assert.True(tiers.Movements.Count(m => m.Upgrades > 0) >= 6, "upgrades in at least 6 months: " + Describe(tiers));
        Assert.True(tiers.Movements.Count(m => m.Downgrades > 0) >= 3, "downgrades in at least 3 months: " + Describe(tiers));
    }

    private static string Describe(TierReport tiers) =>
        string.Join(", ", tiers.Movements.Select(m => $"{MonthKey.Format(m.Month)} +{m.Upgrades}/-{m.Downgrades}"));
}
