using Bunit;
using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Retention;

/// <summary>The Segments and Results pages as staff see them.</summary>
public sealed class CampaignPagesTests : ComponentTestBase
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddCampaigns().AddSingleton<SettingsService>());
    private readonly CultureScope culture = new("en");

    public override Task InitializeAsync()
    {
        Context.Services.AddSingleton(f.Get<SegmentService>());
        Context.Services.AddSingleton(f.Get<ProgrammeStore>());
        Context.Services.AddSingleton(f.Get<SettingsService>());
        Context.Services.AddSingleton(f.Get<AutomationService>());
        Context.Services.AddSingleton(f.Get<LiftService>());
        Context.Services.AddSingleton(f.Get<MerchantClock>());
        Context.Services.AddSingleton(f.Get<CouponService>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task TheSegmentsPage_OffersTheBuiltInSegments_CountsLive_AndAnAnalystSeesMaskedPhonesWithoutSaving()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        Context.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst);

        var page = Context.Render<SegmentsPage>();

        page.WaitForAssertion(() => Assert.Equal("2 members", page.Find("[data-testid=segment-count]").TextContent.Trim()));
        var chips = page.Find("[data-testid=segment-list]").TextContent;
        Assert.Contains("New members", chips);
        Assert.Contains("Lapsing members", chips);
        Assert.Contains("VIP (top 10 % by 12-month spend)", chips);
        Assert.Contains("138****0001", page.Find("[data-testid=segment-preview]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=segment-save]"));
        Assert.NotEmpty(page.FindAll("[data-testid=segment-export]"));

        page.Find("input[data-testid=segment-lapsing], [data-testid=segment-lapsing] input").Change(true);

        page.WaitForAssertion(() => Assert.Equal("0 members", page.Find("[data-testid=segment-count]").TextContent.Trim()));
    }

    [Fact]
    public async Task TheResultsPage_ShowsBothGroups_TheIntervalAndTheMoney()
    {
        var members = new List<long>();
        for (var i = 1; i <= 4; i++)
            members.Add(await f.AddMemberAsync($"1380000000{i}"));
        var now = f.Clock.GetUtcNow().UtcDateTime;
        long id;
        await using (var db = f.NewContext())
        {
            var automation = new Automation { Name = "Win back", SegmentId = 1, AttributionDays = 30, Status = AutomationStatus.Active };
            db.Automations.Add(automation);
            await db.SaveChangesAsync();
            id = automation.Id;
            for (var i = 0; i < 4; i++)
                db.AutomationGrants.Add(new AutomationGrant
                {
                    AutomationId = id, MemberId = members[i], Period = DateOnly.FromDateTime(now), IsControl = i >= 2, GrantedAtUtc = now.AddDays(-20),
                });
            await db.SaveChangesAsync();
        }
        await f.OrderAsync(members[0], 60m, daysAgo: 10);
        await f.OrderAsync(members[1], 40m, daysAgo: 10);
        Context.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner);

        var page = Context.Render<AutomationResultsPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=results-table]")));
        var rows = page.FindAll("[data-testid=results-table] tbody tr").Select(r => string.Join("|", r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()))).ToList();
        Assert.Equal(["Members|2|2", "Bought again|2|0", "Repurchase rate|100.0 %|0.0 %", "Revenue per member|¥50|¥0"], rows);
        Assert.Contains("¥100", page.Find("[data-testid=results-money]").TextContent);
        Assert.Contains("95 % interval", page.Find("[data-testid=results-summary]").TextContent);
    }

    [Fact]
    public async Task TheAutomationsPage_DryRunsThenActivatesThenRuns_AndSaysWhatItDid()
    {
        for (var i = 0; i < 3; i++)
            await f.ConsentingMemberAsync($"1390000000{i}");
        var template = await LoyaltyAdmin.Tests.Features.Coupons.CouponSeed.TemplateAsync(f.DbFactory, amount: 10);
        var pack = await LoyaltyAdmin.Tests.Features.Coupons.CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Manual, (template, 1));
        var segment = await f.SegmentAsync(SegmentDefinition.Everyone, "Everyone");
        var (_, id) = await f.Get<AutomationService>().CreateAsync(MembersFixture.Owner,
            new AutomationForm("Win back", segment, pack, 0, null, 0, 30, null, null, null, null));
        Context.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner);

        var page = Context.Render<AutomationsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=automation-{id}]")));
        page.Find($"[data-testid=automation-{id}] [data-testid=automation-dry-run]").Click();
        page.WaitForAssertion(() => Assert.Contains("3 members would be picked: 3 rewarded, 0 held out as control. Estimated cost at most ¥30",
            page.Find("[data-testid=automation-dry-result]").TextContent));
        page.Find("[data-testid=automation-activate]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"[data-testid=automation-{id}] [data-testid=automation-run]")));
        page.Find($"[data-testid=automation-{id}] [data-testid=automation-run]").Click();

        page.WaitForAssertion(() => Assert.Contains("Done: 3 members rewarded, 0 held out as control", page.Find("[data-testid=automation-run-result]").TextContent));
        Assert.Contains("3 / 0", page.Find($"[data-testid=automation-{id}]").TextContent);
    }
}
