using LoyaltyAdmin.Features.Onboarding;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Onboarding.OnboardingTestData;

namespace LoyaltyAdmin.Tests.Features.Onboarding;

/// <summary>The first-run checklist ticks each step from the data, whoever did it, and stays hidden once dismissed.</summary>
public sealed class ChecklistServiceTests
{
    private static readonly string[] Steps =
    [
        "Onboarding.Item.Merchant", "Onboarding.Item.Stores", "Onboarding.Item.Programme", "Onboarding.Item.NewMemberPack",
        "Onboarding.Item.ApiKey", "Onboarding.Item.Staff", "Onboarding.Item.Import",
    ];

    private static async Task<AppHost> StartAsync()
    {
        var host = new AppHost();
        host.CreateBrowserlessClient().Dispose();
        return host;
    }

    [Fact]
    public async Task AFreshInstall_ListsEveryStepWithItsPage_NoneDone()
    {
        await using var host = await StartAsync();

        var checklist = await host.Services.GetRequiredService<ChecklistService>().GetAsync();

        Assert.NotNull(checklist);
        Assert.Equal(Steps, checklist.Items.Select(i => i.Key));
        Assert.All(checklist.Items, i => Assert.False(i.Done, i.Key));
        Assert.Equal(["settings/merchant", "settings/stores", "programme", "coupons/packs", "settings/api-keys", "settings/users", "members/import"],
            checklist.Items.Select(i => i.Href));
    }

    [Fact]
    public async Task EachStep_TicksItselfWhenTheDataShowsItDone_InAnyOrder()
    {
        await using var host = await StartAsync();
        var service = host.Services.GetRequiredService<ChecklistService>();
        async Task<string[]> DoneAsync() => [.. (await service.GetAsync())!.Items.Where(i => i.Done).Select(i => i.Key)];

        var store = await AddStoreAsync(host);
        Assert.Equal(["Onboarding.Item.Stores"], await DoneAsync());
        await AddMemberAsync(host, store);
        Assert.Equal(["Onboarding.Item.Stores", "Onboarding.Item.Import"], await DoneAsync());
        await NameMerchantAsync(host);
        await UseTemplateAsync(host);
        await AddNewMemberPackAsync(host);
        await AddApiKeyAsync(host, store);
        await AddStaffAsync(host);

        var checklist = await service.GetAsync();
        Assert.Equal(Steps, await DoneAsync());
        Assert.True(checklist!.Complete);
        Assert.Equal(7, checklist.DoneCount);
    }

    [Fact]
    public async Task Dismissing_HidesTheChecklistForEveryone_AndSurvivesARestart()
    {
        var database = new TempDatabase();
        await using (var host = new AppHost(database))
        {
            host.CreateBrowserlessClient().Dispose();
            await host.Services.GetRequiredService<ChecklistService>().DismissAsync();
            Assert.Null(await host.Services.GetRequiredService<ChecklistService>().GetAsync());
        }
        await using (var again = new AppHost(database))
        {
            again.CreateBrowserlessClient().Dispose();
            Assert.Null(await again.Services.GetRequiredService<ChecklistService>().GetAsync());
        }
        database.Dispose();
    }
}
