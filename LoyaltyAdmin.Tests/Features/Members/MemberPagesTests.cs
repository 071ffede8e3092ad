using System.Security.Claims;
using Bunit;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberPagesTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddReferrals().AddPrivacy());
    private readonly BunitContext ctx = new();

    public MemberPagesTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(f.Get<MemberService>());
        ctx.Services.AddSingleton(f.Get<TierOverrideService>());
        ctx.Services.AddSingleton(f.Ledger);
        ctx.Services.AddSingleton(f.Get<MemberChanges>());
        ctx.Services.AddSingleton(f.Get<MerchantClock>());
        ctx.Services.AddSingleton(f.DbFactory);
        ctx.Services.AddSingleton<TimeProvider>(f.Clock);
        ctx.Services.AddSingleton<SettingsService>();
        ctx.Services.AddSingleton(f.Get<ReferralCampaignService>());
        ctx.Services.AddSingleton(f.Get<AuditService>());
        ctx.Services.AddSingleton(f.Get<AccessLog>());
        ctx.Services.AddSingleton(f.Get<ConsentService>());
        ctx.Services.AddSingleton(f.Get<MemberErasure>());
    }

    /// <summary>Signs the page in as S001's manager, with the claims sign-in gives.</summary>
    private void AsManagerOfS001() =>
        ctx.AddAuthorization().SetAuthorized("manager@shop.test").SetRoles(Roles.StoreManager)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, "manager-1"), new Claim(LoyaltyClaimsPrincipalFactory.StoreIdClaim, "1"));

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

    [Fact]
    public async Task Detail_ForAStoreManager_OfAnotherStoresMember_ShowsNoneOfTheirData()
    {
        var stores = await TwoStores.SeedAsync(f);
        AsManagerOfS001();

        var page = ctx.Render<MemberDetailPage>(p => p.Add(x => x.Id, stores.Visitor));

        page.WaitForAssertion(() => Assert.Contains("search for their whole phone number", page.Find("[data-testid=member-not-found]").TextContent));
        Assert.DoesNotContain("2800", page.Markup);
        Assert.DoesNotContain("Member 2800", page.Markup);
    }

    [Fact]
    public async Task Detail_OfAVisitingMember_FoundByWholePhone_SaysWhereTheyAreFrom_AndOffersNoProfileEdit()
    {
        var stores = await TwoStores.SeedAsync(f);
        await f.Get<MemberService>().SearchAsync(MembersFixture.Manager, new MemberQuery(Search: TwoStores.VisitorPhone));
        AsManagerOfS001();

        var page = ctx.Render<MemberDetailPage>(p => p.Add(x => x.Id, stores.Visitor));

        page.WaitForAssertion(() => Assert.Equal("Visiting from Store S002", page.Find("[data-testid=member-visiting]").TextContent.Trim()));
        Assert.Single(page.FindAll("[data-testid=adjust-open]"));
        Assert.Empty(page.FindAll("[data-testid=edit-member]"));
    }

    [Fact]
    public async Task List_ForAnAnalyst_TypingPartOfANumber_ShowsTheFieldMessage_AndNoRows()
    {
        await f.AddMemberAsync("13900001700");
        ctx.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst)
            .SetClaims(new Claim(ClaimTypes.NameIdentifier, "analyst-1"));
        var page = ctx.Render<MembersPage>();
        page.WaitForAssertion(() => Assert.Contains("139****1700", page.Markup));

        var search = page.Find("input[data-testid=member-search]");
        search.Input("1390000");
        search.Blur(); // commits the typed text without waiting for the debounce

        page.WaitForAssertion(() => Assert.Contains("phone numbers are masked for you", page.Markup));
        page.WaitForAssertion(() => Assert.DoesNotContain("139****1700", page.Markup));
    }

    [Fact]
    public async Task TheOwner_ErasesAMember_WithOneActionOnTheirPage_AndTheViewIsInTheAccessLog()
    {
        var id = await f.AddMemberAsync("13812345670");
        await f.Ledger.ApplyActivityAsync(id, "evt-1", MembersFixture.Purchase(66m, "A1", f.Clock.GetUtcNow()));
        ctx.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner).SetClaims(new Claim(ClaimTypes.NameIdentifier, "owner-1"));
        var dialogs = ctx.Render<MudDialogProvider>();
        var page = ctx.Render<MemberDetailPage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("13812345670", page.Markup));

        page.Find("[data-testid=erase-member]").Click(); // not awaited: its handler waits for the dialog to close
        dialogs.WaitForAssertion(() => Assert.Contains("erase-confirm", dialogs.Markup));
        await dialogs.Find(".mud-dialog input[type=checkbox]").ChangeAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = true });
        await dialogs.Find("[data-testid=erase-confirm]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=member-erased-note]")));
        Assert.DoesNotContain("13812345670", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=erase-member]"));
        var member = await f.MemberAsync(id);
        Assert.Equal((MemberStatus.Erased, 0L), (member.Status, member.PointsBalance));
        await using var db = f.NewContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AccessLog.MemberViewed && a.EntityId == id.ToString() && a.UserId == "owner-1"));
    }

    [Fact]
    public async Task AuditLog_ShowsTheStoreAnActionCameFrom()
    {
        var stores = await TwoStores.SeedAsync(f);
        await f.Get<MemberService>().SearchAsync(MembersFixture.Manager, new MemberQuery(Search: TwoStores.VisitorPhone));
        await f.Ledger.AdjustAsync(MembersFixture.Manager, new AdjustPointsModel { MemberId = stores.Visitor, Points = 50, Reason = AdjustmentReason.Goodwill });
        ctx.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner).SetClaims(new Claim(ClaimTypes.NameIdentifier, "owner-1"));

        var page = ctx.Render<AuditPage>();

        // The visit, the adjustment, and the search by a whole phone (the access log).
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=audit-store]").Count));
        Assert.All(page.FindAll("[data-testid=audit-store]"), cell => Assert.Equal("S001 · Store S001", cell.TextContent.Trim()));
    }

    [Fact]
    public async Task Approvals_ShowTheRequestingStore()
    {
        var stores = await TwoStores.SeedAsync(f);
        await f.Ledger.AdjustAsync(MembersFixture.Manager, new AdjustPointsModel { MemberId = stores.Local, Points = 900, Reason = AdjustmentReason.Goodwill });
        ctx.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner).SetClaims(new Claim(ClaimTypes.NameIdentifier, "owner-1"));

        var page = ctx.Render<ApprovalsPage>();

        page.WaitForAssertion(() => Assert.Equal("Store S001", page.Find("[data-testid=approval-store]").TextContent.Trim()));
        Assert.Contains("Over the day's limit for one member", page.Markup);
    }
}
