using Bunit;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>The member page's tier panel as a store manager sees it at the counter: the tier set by hand, what keeps the tier, the benefits.</summary>
public sealed class MemberTierPanelTests : ComponentTestBase
{
    private readonly MembersFixture f = new();
    private readonly CultureScope culture = new("en");

    public override async Task InitializeAsync()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop);
        Context.Services.AddSingleton(f.Get<TierOverrideService>());
        Context.Services.AddSingleton(f.Get<MemberService>());
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<IRenderedComponent<MemberTierPanel>> RenderAsync(StaffActor viewer, long id)
    {
        var detail = await f.Get<MemberService>().GetDetailAsync(viewer, id);
        return Context.Render<MemberTierPanel>(p => p.Add(x => x.Detail, detail!).Add(x => x.Actor, viewer));
    }

    [Fact]
    public async Task AStoreManager_SeesTheTierSetByHand_WhatKeepsIt_AndTheBenefitsToHonour_ButMayNotSetIt()
    {
        var id = await f.AddStoreMemberAsync();
        var set = await f.Get<TierOverrideService>().SetAsync(MembersFixture.Owner,
            new SetTierModel { MemberId = id, TierCode = "gold", Until = new DateTime(2026, 6, 30), Reason = "Partner café staff" });
        Assert.True(set.Succeeded);

        var panel = await RenderAsync(MembersFixture.Manager, id);

        Assert.Contains("Set by hand until 2026-06-30", panel.Find("[data-testid=tier-override]").TextContent);
        Assert.Contains("Partner café staff", panel.Find("[data-testid=tier-override]").TextContent);
        var keep = panel.Find("[data-testid=tier-retention]").TextContent;
        Assert.Contains("¥500", keep);
        Assert.Contains("2026-06-30", keep);
        var benefits = panel.Find("[data-testid=tier-benefits]").TextContent;
        Assert.Contains("5% off every order", benefits);
        Assert.Contains("A free large tea", benefits);
        Assert.Contains("Free delivery", benefits);
        Assert.Empty(panel.FindAll("[data-testid=set-tier-open]"));
    }

    [Fact]
    public async Task TheOwner_MaySetTheTier()
    {
        var id = await f.AddMemberAsync();

        var panel = await RenderAsync(MembersFixture.Owner, id);

        Assert.Single(panel.FindAll("[data-testid=set-tier-open]"));
        Assert.Empty(panel.FindAll("[data-testid=tier-retention]")); // the base tier has nothing to keep
    }
}
