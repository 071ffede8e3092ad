using Bunit;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Challenges;

public sealed class ChallengeComponentTests : ComponentTestBase
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddChallenges().AddProgramme());
    private readonly CultureScope culture = new("en");

    public override async Task InitializeAsync()
    {
        Context.Services.AddSingleton(f.Get<ChallengeService>());
        Context.Services.AddSingleton(f.Get<ChallengeEditor>());
        Context.Services.AddSingleton(f.Get<BadgeService>());
        Context.Services.AddSingleton(f.Get<ProgrammeStore>());
        Context.Services.AddSingleton(f.Get<MerchantClock>());
        Assert.True((await f.Get<ChallengeEditor>().AddTemplateAsync("new-member", MembersFixture.Owner)).Saved);
        f.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public async Task ChallengesPage_ListsTheNewMemberTasks_PausesOne_AndShowsItsFunnel()
    {
        Context.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner);
        var page = Context.Render<ChallengesPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=challenges-table] tbody tr").Count));
        Assert.Contains("First purchase", page.Markup);
        Assert.Contains("Complete your profile", page.Markup);
        Assert.Contains("First check-in", page.Markup);

        await page.FindAll("[data-testid=challenge-toggle]")[0].ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("Paused", page.Find("[data-testid=challenges-table] tbody tr").TextContent));
        Assert.False((await f.Get<ProgrammeStore>().GetCurrentAsync()).Programme.Challenges![0].Enabled);

        await page.FindAll("[data-testid=challenge-funnel]")[1].ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains("No one has taken part yet.", page.Markup));
    }

    [Fact]
    public async Task MemberTab_ShowsProgressAndBadges_AndStaffAwardABadgeWithAReason()
    {
        var member = await f.AddMemberAsync();
        Assert.True((await f.Ledger.ApplyActivityAsync(member, "check-1", new Activity { Type = ActivityType.CheckIn, OccurredAt = f.Clock.GetUtcNow() })).Succeeded);

        var tab = Context.Render<MemberChallenges>(p => p.Add(c => c.MemberId, member).Add(c => c.Actor, MembersFixture.Owner));

        // The first check-in completed its task and gave the newcomer badge; first purchase and profile are still to do.
        tab.WaitForAssertion(() => Assert.Equal("Newcomer", tab.Find("[data-testid=member-badge]").TextContent.Trim()));
        var tasks = tab.FindAll("[data-testid=member-challenge]").Select(c => c.TextContent).ToList();
        Assert.Equal(3, tasks.Count);
        Assert.Contains(tasks, t => t.Contains("First check-in") && t.Contains("Completed"));
        Assert.Contains("0 of 1", tab.Markup);

        tab.Find("input[data-testid=award-reason]").Change("   ");
        await tab.Find("[data-testid=award-submit]").ClickAsync(new());
        tab.WaitForAssertion(() => Assert.Contains("Give a reason, in plain text.", tab.Markup));
        tab.Find("input[data-testid=award-reason]").Change("Helped at the opening");
        await tab.Find("[data-testid=award-submit]").ClickAsync(new());
        tab.WaitForAssertion(() => Assert.Contains("The member already holds this badge.", tab.Markup));
        await using var db = f.NewContext();
        Assert.Equal(1, await db.MemberBadges.CountAsync(b => b.MemberId == member));
    }

    [Fact]
    public void Simulator_ShowsChallengeProgressForTheActivity()
    {
        var (challenges, badges) = ChallengeTemplates.Create("buy-three", new DateOnly(2026, 11, 1));
        var draft = ProgrammeTemplates.TeaShop with { Challenges = challenges, Badges = badges };
        var simulator = Context.Render<SimulatorPanel>(p => p
            .Add(s => s.Draft, draft).Add(s => s.Zone, MembersFixture.Shanghai).Add(s => s.Today, new DateOnly(2026, 11, 25)));

        Assert.Contains("Buy 3 times this month: progress 1 of 3", simulator.Find("[data-testid=sim-challenges]").TextContent);
    }
}
