using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Features.Reports;
using static LoyaltyAdmin.Tests.Features.Reports.ReportsData;

namespace LoyaltyAdmin.Tests.Features.Reports;

/// <summary>The report figures against the hand-computed expectations of <see cref="ReportsData"/>.</summary>
public sealed class ReportFiguresTests : IAsyncLifetime
{
    private ReportsData data = default!;

    public async Task InitializeAsync() => data = await CreateAsync();

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task Cohorts_CountAMemberJoiningAt2330OnJan31InShanghai_AsJanuary_AndOneAt0030OnFeb1_AsFebruary()
    {
        var report = await data.Reports.RetentionAsync(Analyst, new ReportFilter(Jan, Mar));

        Assert.Equal(3, report.Offsets);
        var jan = report.Cohorts.Single(c => c.JoinMonth == Jan);
        Assert.Equal(2, jan.Members);
        Assert.Equal([1m, 1m, 0.5m], jan.Cells.Select(c => c.Rate));
        var feb = report.Cohorts.Single(c => c.JoinMonth == Feb);
        Assert.Equal(2, feb.Members);
        Assert.Equal([0.5m, 0.5m], feb.Cells.Select(c => c.Rate));
        Assert.Equal(0, report.Cohorts.Single(c => c.JoinMonth == Mar).Members);
    }

    [Fact]
    public async Task MonthOverMonthRetention_IsTheShareOfLastMonthsActiveMembersActiveAgain()
    {
        var report = await data.Reports.RetentionAsync(Analyst, new ReportFilter(Feb, Mar));

        var feb = report.MonthOverMonth.Single(r => r.Month == Feb);
        Assert.Equal((3L, 2L, 2L, 1m), (feb.Active, feb.PreviousActive, feb.Retained, feb.Rate));
        var mar = report.MonthOverMonth.Single(r => r.Month == Mar);
        Assert.Equal((2L, 3L, 2L, 0.6667m), (mar.Active, mar.PreviousActive, mar.Retained, mar.Rate));
    }

    [Fact]
    public async Task RepurchaseRate_ByMonthTierAndChannel()
    {
        var report = await data.Reports.RepurchaseAsync(Analyst, new ReportFilter(Jan, Mar));

        Assert.Equal([(2L, 1L, 0.5m), (3L, 1L, 0.3333m), (2L, 0L, 0m)], report.ByMonth.Select(r => (r.Buyers, r.Repeat, r.Rate)));
        // By the tier held at the month's first purchase: A and B bought as Regular in January and February (the
        // February purchases lifted them), so Silver has only B's March; C stays Regular.
        Assert.Equal([("Regular", 6L, 2L), ("Silver", 1L, 0L)], report.ByTier.Select(r => (r.Label, r.Buyers, r.Repeat)));
        Assert.Equal([("MiniProgram", 3L, 2L), ("App", 2L, 0L), ("Store", 3L, 1L)], report.ByChannel.Select(r => (r.Label, r.Buyers, r.Repeat)));
    }

    [Fact]
    public async Task ChannelFilter_NarrowsActivityToThatChannelsPurchases()
    {
        var report = await data.Reports.RepurchaseAsync(Analyst, new ReportFilter(Jan, Mar, Channel: Channel.App));

        Assert.Equal([0L, 1L, 1L], report.ByMonth.Select(r => r.Buyers)); // A in February, B in March
        Assert.Equal([("App", 2L)], report.ByChannel.Select(r => (r.Label, r.Buyers)));
    }

    [Fact]
    public async Task TierFilter_CountsEachMonthUnderTheTierHeldAtItsFirstPurchase_AndKeepsCohortsWhole()
    {
        var silver = new ReportFilter(Jan, Mar, TierCode: "silver");

        var repurchase = await data.Reports.RepurchaseAsync(Analyst, silver);
        var retention = await data.Reports.RetentionAsync(Analyst, silver);

        // A and B became Silver through their February purchases; only B's March purchase was made as Silver.
        Assert.Equal([0L, 0L, 1L], repurchase.ByMonth.Select(r => r.Buyers));
        var jan = retention.Cohorts.Single(c => c.JoinMonth == Jan);
        Assert.Equal(2, jan.Members);
        Assert.Equal([0m, 0m, 0.5m], jan.Cells.Select(c => c.Rate));
        var mar = retention.MonthOverMonth.Single(r => r.Month == Mar);
        Assert.Equal((1L, 0L, 0L), (mar.Active, mar.PreviousActive, mar.Retained)); // nobody bought as Silver in February
    }

    [Fact]
    public async Task Points_IssuedRedeemedAdjustedReversed_AndLiabilityInPointsAndMoney()
    {
        var report = await data.Reports.PointsAsync(Analyst, new ReportFilter(Jan, Mar));

        Assert.Equal([180L, 380L, 35L], report.Months.Select(m => m.Issued));
        Assert.Equal([0L, 100L, 0L], report.Months.Select(m => m.Redeemed));
        Assert.Equal([0L, 0L, 30L], report.Months.Select(m => m.Adjusted));
        Assert.Equal([0L, 0L, 20L], report.Months.Select(m => m.Reversed));
        Assert.Equal(0.2632m, report.Months[1].RedemptionRate);
        Assert.Equal([180L, 460L, 505L], report.Months.Select(m => m.Liability));
        Assert.Equal(5.05m, report.Months[2].LiabilityMoney);
    }

    [Fact]
    public async Task ExpiryForecast_PutsEveryOutstandingPointInTheMonthItExpires()
    {
        var report = await data.Reports.PointsAsync(Analyst, ReportFilter.Month(Mar));

        Assert.Equal(12, report.Expiry.Count);
        Assert.Equal(202604, report.Expiry[0].Month);
        Assert.Equal(505, report.Expiry.Sum(e => e.Points));
        Assert.All(report.Expiry.Where(e => e.Month < 202701), e => Assert.Equal(0, e.Points));
        Assert.Equal(5.05m, report.Expiry.Sum(e => e.Money));
    }

    [Fact]
    public async Task Tiers_DistributionNow_AndTheUpgradesInFebruary()
    {
        var report = await data.Reports.TiersAsync(Analyst, new ReportFilter(Jan, Mar));

        Assert.Equal([("regular", 2L, 0.5m), ("silver", 2L, 0.5m)], report.Distribution.Select(t => (t.TierCode, t.Members, t.Share)));
        Assert.Equal([0L, 2L, 0L], report.Movements.Select(m => m.Upgrades));
        Assert.All(report.Movements, m => Assert.Equal(0, m.Downgrades));
    }

    [Fact]
    public async Task Dashboard_ForMarch_ComparesWithFebruary()
    {
        var dashboard = await data.Reports.DashboardAsync(Analyst, ReportFilter.Month(Mar));

        Assert.Equal(new Kpi(2, 3), dashboard.ActiveMembers);
        Assert.Equal(new Kpi(0, 2), dashboard.NewMembers);
        Assert.Equal(new Kpi(0m, 0.3333m), dashboard.RepurchaseRate);
        Assert.Equal(new Kpi(35, 380), dashboard.PointsIssued);
        Assert.Equal(new Kpi(0, 100), dashboard.PointsRedeemed);
        Assert.Equal((505L, 5.05m), (dashboard.Liability, dashboard.LiabilityMoney));
        Assert.Equal([2L, 2L, 0L], dashboard.NewTrend.TakeLast(3).Select(p => p.Value));
    }

    [Fact]
    public async Task StoreManager_SeesOnlyTheirStore_WhateverStoreTheyAskFor()
    {
        var manager = data.ManagerOf(data.Store2);

        var dashboard = await data.Reports.DashboardAsync(manager, ReportFilter.Month(Mar) with { StoreId = data.Store1 });
        var points = await data.Reports.PointsAsync(manager, new ReportFilter(Jan, Mar) { StoreId = null });
        var retention = await data.Reports.RetentionAsync(manager, new ReportFilter(Jan, Mar));

        Assert.Equal(new Kpi(1, 1), dashboard.ActiveMembers); // C only
        Assert.Equal([0L, 100L, 25L], points.Months.Select(m => m.Issued));
        Assert.Equal(135, points.Months[^1].Liability); // C: 40 + 60 + 25 − 20; D: 30
        Assert.Equal(0, retention.Cohorts.Single(c => c.JoinMonth == Jan).Members);
    }

    [Fact]
    public async Task StoreFilter_OfAnAnalyst_NarrowsToThatStore()
    {
        var dashboard = await data.Reports.DashboardAsync(Analyst, ReportFilter.Month(Mar) with { StoreId = data.Store1 });

        Assert.Equal(new Kpi(1, 2), dashboard.ActiveMembers); // B in March; A and B in February
        Assert.Equal(370, dashboard.Liability); // 505 − 135
    }
}
