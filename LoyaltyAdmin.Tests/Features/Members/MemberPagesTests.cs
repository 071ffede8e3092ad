using Bunit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberPagesTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddReferrals());
    private readonly BunitContext ctx = new();

    public MemberPagesTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(f.Get<MemberService>());
        ctx.Services.AddSingleton(f.Ledger);
        ctx.Services.AddSingleton(f.Get<MemberChanges>());
        ctx.Services.AddSingleton(f.Get<MerchantClock>());
        ctx.Services.AddSingleton(f.DbFactory);
        ctx.Services.AddSingleton<TimeProvider>(f.Clock);
        ctx.Services.AddSingleton<SettingsService>();
        ctx.Services.AddSingleton(f.Get<ReferralCampaignService>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task Detail_ForAnAnalyst_MasksThePhone_AndOffersNoAdjustment()
    {
        var id = await f.AddMemberAsync("13812345678");
        await f.Ledger.ApplyActivityAsync(id, "evt-1", MembersFixture.Purchase(66m, "A1", f.Clock.GetUtcNow()));
        ctx.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst);

        var page = ctx.Render<MemberDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("138****5678", page.Find("[data-testid=member-phone]").TextContent.Trim()));
        Assert.Equal("66", page.Find("[data-testid=points-balance]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=adjust-open]"));
    }

    [Fact]
    public async Task Detail_ForAStoreManager_ShowsTheFullPhone_AndTheAdjustButton()
    {
        var id = await f.AddMemberAsync("13812345678");
        ctx.AddAuthorization().SetAuthorized("manager@shop.test").SetRoles(Roles.StoreManager);

        var page = ctx.Render<MemberDetailPage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("13812345678", page.Find("[data-testid=member-phone]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=adjust-open]"));
    }

    [Fact]
    public async Task List_RendersTheMembers_ForAnAnalyst_Masked()
    {
        await f.AddMemberAsync("13812345678");
        ctx.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst);

        var page = ctx.Render<MembersPage>();

        page.WaitForAssertion(() => Assert.Contains("138****5678", page.Markup));
        Assert.DoesNotContain("13812345678", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=register-member]"));
    }
}
