using Bunit;
using LoyaltyAdmin.Features.Onboarding;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Onboarding.OnboardingTestData;

namespace LoyaltyAdmin.Tests.Features.Onboarding;

/// <summary>The dashboard's first-run checklist as the Owner sees it.</summary>
public sealed class FirstRunChecklistTests : ComponentTestBase
{
    private readonly AppHost host = new();

    public override Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        Context.Services.AddSingleton(host.Services.GetRequiredService<ChecklistService>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task TheOwner_SeesEachStepLinkedToItsPage_TickedWhereTheDataSaysDone()
    {
        using var culture = new CultureScope("en");
        var store = await AddStoreAsync(host);
        await AddMemberAsync(host, store);

        var checklist = Context.Render<FirstRunChecklist>(p => p.Add(x => x.Actor, MembersFixture.Owner));

        checklist.WaitForAssertion(() => Assert.NotEmpty(checklist.FindAll("[data-testid=first-run-checklist]")));
        Assert.Equal("2 of 7 done", checklist.Find("[data-testid=checklist-progress]").TextContent.Trim());
        var items = checklist.FindAll("[data-testid=checklist-item]");
        Assert.Equal(7, items.Count);
        var import = items.Single(i => i.GetAttribute("data-item") == "Onboarding.Item.Import");
        Assert.Equal("true", import.GetAttribute("data-done"));
        Assert.Equal("members/import", import.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Import your members", import.TextContent);
        var key = items.Single(i => i.GetAttribute("data-item") == "Onboarding.Item.ApiKey");
        Assert.Equal("false", key.GetAttribute("data-done"));
        Assert.Equal("settings/api-keys", key.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("To do", key.TextContent); // said to screen readers, not only drawn as an empty circle
    }

    [Fact]
    public void InChinese_TheStepsReadInChinese()
    {
        using var culture = new CultureScope("zh-Hans");

        var checklist = Context.Render<FirstRunChecklist>(p => p.Add(x => x.Actor, MembersFixture.Owner));

        checklist.WaitForAssertion(() => Assert.Contains("快速开始", checklist.Markup));
        Assert.Contains("导入现有会员", checklist.Markup);
        Assert.Equal("已完成 0/7", checklist.Find("[data-testid=checklist-progress]").TextContent.Trim());
    }

    [Fact]
    public async Task Dismissing_HidesIt_AndItStaysHiddenOnTheNextVisit()
    {
        using var culture = new CultureScope("en");
        var checklist = Context.Render<FirstRunChecklist>(p => p.Add(x => x.Actor, MembersFixture.Owner));
        checklist.WaitForAssertion(() => Assert.NotEmpty(checklist.FindAll("[data-testid=checklist-dismiss]")));

        await checklist.Find("[data-testid=checklist-dismiss]").ClickAsync(new());

        checklist.WaitForAssertion(() => Assert.Empty(checklist.FindAll("[data-testid=first-run-checklist]")));
        var nextVisit = Context.Render<FirstRunChecklist>(p => p.Add(x => x.Actor, MembersFixture.Owner));
        Assert.Empty(nextVisit.FindAll("[data-testid=first-run-checklist]"));
    }

    [Fact]
    public void AnAnalyst_DoesNotSeeTheOwnersSteps()
    {
        var checklist = Context.Render<FirstRunChecklist>(p => p.Add(x => x.Actor, MembersFixture.Analyst));

        Assert.Empty(checklist.FindAll("[data-testid=first-run-checklist]"));
    }
}
