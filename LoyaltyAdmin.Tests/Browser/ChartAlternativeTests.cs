using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// A chart is a picture to a screen reader: each one on the dashboard, the report tabs and a referral campaign hides its
/// drawing and carries the same figures as a captioned table, and every report tab passes axe-core.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChartAlternativeTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task DashboardCharts_ReadTheirFiguresAsATable_TheSameTheCardsShow()
    {
        await ConsoleSeed.EnsureAsync(browser.App);
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAndSettleAsync(browser.App, "/");

        var charts = await AssertChartsDescribedAsync(page, 3);
        // The points-flow chart's table: the month shown (last row), "Points issued" column, equals the KPI card above it.
        var flow = charts.Nth(1).GetByTestId("chart-figures");
        var issued = await page.GetByTestId("kpi-issued").GetByTestId("kpi-value").InnerTextAsync();
        Assert.NotEqual("0", issued);
        await Assertions.Expect(flow.Locator("tbody tr").Last.Locator("td").First).ToHaveTextAsync(issued);
        AxeCheck.AssertNone(await page.SeriousViolationsAsync("/ (en)"));
    }

    [E2EFact]
    public async Task EveryReportTab_DescribesItsCharts_AndHasNoSeriousAxeViolations_InEitherLanguage()
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var found = new List<string>();
        foreach (var (culture, locale) in AccessibilityTests.Languages)
        {
            var page = await browser.NewPageAsync(locale);
            await page.SignInAsOwnerAsync(browser.App);
            await page.OpenAndSettleAsync(browser.App, "/reports");
            var tabs = page.GetByTestId("report-tabs").Locator(".mud-tab");
            // Retention, repurchase, points, tiers, campaigns, consent: the charts each tab draws.
            int[] chartsPerTab = [1, 1, 2, 2, 2, 1];
            await Assertions.Expect(tabs).ToHaveCountAsync(chartsPerTab.Length);
            for (var i = 0; i < chartsPerTab.Length; i++)
            {
                await tabs.Nth(i).ClickAsync();
                await AssertChartsDescribedAsync(page, chartsPerTab[i]);
                found.AddRange(await page.SeriousViolationsAsync($"/reports tab {i + 1} ({culture})"));
            }

            await page.OpenAndSettleAsync(browser.App, $"/campaigns/referrals/{seed.CampaignId}");
            await AssertChartsDescribedAsync(page, 1);
            await page.Context.CloseAsync();
        }
        AxeCheck.AssertNone(found);
    }

    /// <summary>Each chart's drawing is hidden from screen readers and its figures are a table with a caption.</summary>
    private static async Task<ILocator> AssertChartsDescribedAsync(IPage page, int count)
    {
        var charts = page.Locator("main [data-testid=chart]");
        await Assertions.Expect(charts).ToHaveCountAsync(count);
        for (var i = 0; i < count; i++)
        {
            var chart = charts.Nth(i);
            await Assertions.Expect(chart.Locator("[aria-hidden=true] svg").First).ToBeAttachedAsync();
            var figures = chart.GetByTestId("chart-figures");
            await Assertions.Expect(figures.Locator("caption")).Not.ToBeEmptyAsync();
        }
        return charts;
    }
}
