using Bunit;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members.Centre;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>The member page's "Member's view": the phone preview shows what the member centre API answers, in the member's language or another.</summary>
public sealed class MemberViewPanelTests : ComponentTestBase
{
    private readonly MembersFixture f = new();
    private long memberId;

    private DateTimeOffset Now => f.Clock.GetUtcNow();

    public override async Task InitializeAsync()
    {
        Context.Services.AddSingleton(f.Get<MemberCentreService>());
        await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop);
        memberId = await f.AddMemberAsync("13500000001");
        await f.Ledger.ApplyActivityAsync(memberId, "v-1", MembersFixture.Purchase(120m, "V1", Now));
        await f.Ledger.ApplyActivityAsync(memberId, "v-2", MembersFixture.Purchase(30m, "V2", Now));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private IRenderedComponent<MemberViewPanel> Render(StaffActor? actor = null) =>
        Context.Render<MemberViewPanel>(p => p.Add(c => c.Actor, actor ?? MembersFixture.Owner).Add(c => c.MemberId, memberId));

    [Fact]
    public async Task Home_ShowsTheBalanceAndProgress_TheApiAnswers()
    {
        var ladder = await f.Get<MemberCentreService>().TierLadderAsync(MembersFixture.Owner, memberId, "en");

        var cut = Render();

        cut.WaitForAssertion(() => Assert.Equal("150", cut.Find("[data-testid=member-view-balance]").TextContent.Trim()));
        Assert.Equal(ladder!.Progress.Text, cut.Find("[data-testid=member-view-progress]").TextContent.Trim());
        Assert.Equal("en", cut.Find("[data-testid=member-view-phone]").GetAttribute("lang"));
    }

    [Fact]
    public async Task PointsHistory_ListsTheSameEntriesAsTheApi_NewestFirst_AndSwitchesToChinese()
    {
        var api = await f.Get<MemberCentreService>().PointsHistoryAsync(MembersFixture.Owner, memberId, "zh-Hans", null, 20);
        var cut = Render();
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-view-balance]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=member-view-show-points]").Click());
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=member-view-entry]").Count));
        Assert.Equal("Points history", cut.Find("[data-testid=member-view-title]").TextContent.Trim());
        Assert.Contains("+30", cut.FindAll("[data-testid=member-view-entry]")[0].TextContent);
        await cut.InvokeAsync(() => cut.Find("[data-testid=member-view-language-zh-Hans]").Click());

        cut.WaitForAssertion(() => Assert.Equal("积分明细", cut.Find("[data-testid=member-view-title]").TextContent.Trim()));
        Assert.Equal("zh-Hans", cut.Find("[data-testid=member-view-phone]").GetAttribute("lang"));
        var shown = cut.FindAll("[data-testid=member-view-entry]").Select(e => e.TextContent).ToList();
        Assert.Equal(api!.Items.Count, shown.Count);
        Assert.All(api.Items.Zip(shown), pair => Assert.Contains(pair.First.Explanation, pair.Second));
    }

    [Fact]
    public async Task ExpiringAndTier_ShowTheApisTexts()
    {
        var schedule = await f.Get<MemberCentreService>().PointsScheduleAsync(MembersFixture.Owner, memberId, null, null, 20);
        var cut = Render();
        cut.WaitForAssertion(() => cut.Find("[data-testid=member-view-balance]"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=member-view-show-expiring]").Click());
        cut.WaitForAssertion(() => Assert.Equal(schedule!.Summary, cut.Find("[data-testid=member-view-summary]").TextContent.Trim()));
        Assert.Equal(schedule!.PendingDays.Select(p => p.Text), cut.FindAll("[data-testid=member-view-pending]").Select(p => p.TextContent.Trim()));
        await cut.InvokeAsync(() => cut.Find("[data-testid=member-view-show-tier]").Click());

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=member-view-tier]").Count));
    }

    [Fact]
    public void AStoreManagerWhoDoesNotServeTheMember_SeesNothingOfThem()
    {
        var cut = Render(MembersFixture.Manager);

        cut.WaitForAssertion(() => cut.Find("[data-testid=member-view-missing]"));
        Assert.Empty(cut.FindAll("[data-testid=member-view-balance]"));
    }
}
