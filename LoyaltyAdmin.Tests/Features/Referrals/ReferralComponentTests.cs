using Bunit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LoyaltyAdmin.Tests.Features.Referrals;

public sealed class ReferralComponentTests : ComponentTestBase
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddReferrals());
    private readonly CultureScope culture = new("en");

    public override Task InitializeAsync()
    {
        Context.Services.AddSingleton(f.Get<ReferralCampaignService>());
        Context.Services.AddSingleton(f.Get<MerchantClock>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task TheCampaignEditor_RefusesInvalidInput_WithAMessageOnEachField_AndSavesNothing()
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ReferralCampaignDialog>("New campaign", new DialogParameters<ReferralCampaignDialog>
        {
            { d => d.Actor, MembersFixture.Owner },
            {
                d => d.Model, new ReferralCampaignModel
                {
                    StartDate = new DateTime(2026, 3, 31), EndDate = new DateTime(2026, 3, 1), RefereePoints = -5, MilestoneCount = 3, CapPerReferrer = 2,
                }
            },
        }));

        await provider.WaitForElement("[data-testid=save-campaign]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Required.", provider.Markup));
        Assert.Contains("The end date is before the start date.", provider.Markup);
        Assert.Contains("Between 0 and 1000000.", provider.Markup);
        Assert.Contains("A milestone cannot be above the cap (2).", provider.Markup);
        Assert.Contains("Give the milestone a reward.", provider.Markup);
        Assert.NotEmpty(provider.FindAll("[data-testid=save-campaign]"));
        await using var db = f.NewContext();
        Assert.False(await db.ReferralCampaigns.AnyAsync());
    }

    [Fact]
    public async Task TheMemberTab_ShowsWhoReferredTheMember_AndTheFriendsTheyBrought_WithStatus()
    {
        var saved = await f.Get<ReferralCampaignService>().SaveAsync(MembersFixture.Owner, new ReferralCampaignModel
        {
            Name = "Spring invite", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 3, 31), ReferrerPoints = 100,
        });
        Assert.True(saved.Succeeded);
        var inviter = await f.AddMemberAsync("13800000001");
        var friend = new MemberProfileModel { Phone = "13900000001", Name = "Wang Fang", ReferredByCode = (await f.MemberAsync(inviter)).ReferralCode };
        Assert.True((await f.Get<MemberService>().SaveProfileAsync(MembersFixture.Owner, friend)).Succeeded);
        Context.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst);

        var inviterTab = Context.Render<MudTabs>(p => p.AddChildContent<MemberReferrals>(c => c.Add(x => x.MemberId, inviter)));
        var friendTab = Context.Render<MudTabs>(p => p.AddChildContent<MemberReferrals>(c => c.Add(x => x.MemberId, friend.Id)));

        inviterTab.WaitForAssertion(() => Assert.Contains("Wang Fang", inviterTab.Find("[data-testid=referred]").TextContent));
        var row = inviterTab.Find("[data-testid=referred]").TextContent;
        Assert.Contains("139****0001", row);
        Assert.Contains("Spring invite", row);
        Assert.Contains("Rewarded", row);
        friendTab.WaitForAssertion(() => Assert.Contains("138****0001", friendTab.Find("[data-testid=referred-by]").TextContent));
    }
}
