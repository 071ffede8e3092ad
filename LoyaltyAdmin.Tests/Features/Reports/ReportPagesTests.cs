using System.Globalization;
using System.Security.Claims;
using Bunit;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using static LoyaltyAdmin.Tests.Features.Reports.ReportsData;

namespace LoyaltyAdmin.Tests.Features.Reports;

public sealed class ReportPagesTests : IAsyncLifetime
{
    private readonly BunitContext ctx = new();
    private ReportsData data = default!;

    public async Task InitializeAsync()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
        data = await CreateAsync();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(data.Reports);
        ctx.Services.AddSingleton(data.F.Get<ReportExportQueue>());
        ctx.Services.AddSingleton(data.F.Get<RollupRebuildRunner>());
        ctx.Services.AddSingleton(data.F.Get<MerchantClock>());
        ctx.Services.AddSingleton(data.F.DbFactory);
        ctx.Services.AddSingleton<TimeProvider>(data.F.Clock);
        ctx.Services.AddSingleton<SettingsService>();
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await data.DisposeAsync();
    }

    [Fact]
    public async Task FilterBar_MovingTheEndBeforeTheStart_MovesTheStartWithIt()
    {
        ReportFilter? changed = null;
        var bar = ctx.Render<ReportFilterBar>(p => p
            .Add(x => x.Filter, new ReportFilter(Jan, Mar))
            .Add(x => x.Months, [Mar, Feb, Jan, 202512])
            .Add(x => x.FilterChanged, f => changed = f));

        var to = bar.FindComponents<MudSelect<int>>()[1];
        await bar.InvokeAsync(() => to.Instance.ValueChanged.InvokeAsync(202512));

        Assert.Equal(new ReportFilter(202512, 202512), changed);
    }

    [Fact]
    public void FilterBar_ForAStoreManager_ShowsTheirStore_AndOffersNoOther()
    {
        var bar = ctx.Render<ReportFilterBar>(p => p
            .Add(x => x.Filter, new ReportFilter(Jan, Mar, data.Store2))
            .Add(x => x.Stores, [new StoreOption(data.Store1, "S1", "People's Square"), new StoreOption(data.Store2, "S2", "Jing'an")])
            .Add(x => x.StoreFixed, true));

        var store = bar.Find("[data-testid=filter-store-fixed]");
        Assert.Equal("Jing'an", (store.TagName == "INPUT" ? store : store.QuerySelector("input")!).GetAttribute("value"));
        Assert.Empty(bar.FindAll("[data-testid=filter-store]"));
    }

    [Fact]
    public async Task ReportsPage_ForAnAnalyst_ShowsLastMonthsCohorts_AndRecomputesThemForTheChosenChannel()
    {
        ctx.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst).SetClaims(new Claim(ClaimTypes.NameIdentifier, "analyst-1"));

        var page = ctx.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal(["2026-01", "2", P(1), P(1), P(0.5m)], CohortRow(page, "2026-01")));
        Assert.Single(page.FindAll("[data-testid=export-pack]"));
        var channel = page.FindComponents<MudSelect<Channel?>>().Single();
        await page.InvokeAsync(() => channel.Instance.ValueChanged.InvokeAsync(Channel.App));

        // Of January's two joiners, A bought on the app in February and B in March.
        page.WaitForAssertion(() => Assert.Equal(["2026-01", "2", P(0), P(0.5m), P(0.5m)], CohortRow(page, "2026-01")));
    }

    [Fact]
    public void ReportsPage_ForAStoreManager_IsFixedToTheirStore_AndOffersNoExport()
    {
        ctx.AddAuthorization().SetAuthorized("manager@shop.test").SetRoles(Roles.StoreManager)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, "manager-2"), new Claim(LoyaltyClaimsPrincipalFactory.StoreIdClaim, data.Store2.ToString(CultureInfo.InvariantCulture)));

        var page = ctx.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.Equal(["2026-02", "2", P(0.5m), P(0.5m)], CohortRow(page, "2026-02")));
        Assert.Equal(["2026-01", "0", P(0), P(0), P(0)], CohortRow(page, "2026-01"));
        Assert.Empty(page.FindAll("[data-testid=filter-store]"));
        Assert.Empty(page.FindAll("[data-testid=export-pack]"));
    }

    [Theory]
    [InlineData(Roles.Owner, true)]
    [InlineData(Roles.Analyst, false)]
    [InlineData(Roles.StoreManager, false)]
    public void ReportsPage_OffersRebuildingTheFigures_OnlyToTheOwner(string role, bool offered)
    {
        ctx.AddAuthorization().SetAuthorized("staff@shop.test").SetRoles(role)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, "staff-1"), new Claim(LoyaltyClaimsPrincipalFactory.StoreIdClaim, data.Store1.ToString(CultureInfo.InvariantCulture)));

        var page = ctx.Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=cohort-matrix]")));
        Assert.Equal(offered, page.FindAll("[data-testid=rebuild-rollups]").Count == 1);
    }

    private static string P(decimal rate) => rate.ToString("P1", CultureInfo.CurrentCulture);

    private static List<string> CohortRow(IRenderedComponent<ReportsPage> page, string joinMonth) =>
        page.FindAll("[data-testid=cohort-matrix] tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).Where(t => t != "").ToList())
            .Single(cells => cells[0] == joinMonth);
}
