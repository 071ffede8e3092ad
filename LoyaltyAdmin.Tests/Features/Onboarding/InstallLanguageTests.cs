using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Onboarding;

/// <summary>A Chinese install starts from a programme its staff can read; an English one is unchanged.</summary>
public sealed class InstallLanguageTests
{
    [Fact]
    public async Task AChineseInstall_GetsADefaultProgrammeWithChineseNames()
    {
        await using var host = new AppHost(settings: new Dictionary<string, string?> { ["Bootstrap:Language"] = "zh-Hans" });
        host.CreateBrowserlessClient().Dispose();

        var programme = (await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync()).Programme;

        Assert.Equal("基础方案", programme.Name);
        Assert.Equal("普通会员", Assert.Single(programme.Tiers).Name);
        Assert.Equal("regular", programme.Tiers[0].Code); // what members and the API store stays the same
        Assert.Equal("消费积分", Assert.Single(programme.EarningRules).Name);
        await using var db = await host.Services.CreateTestContextAsync();
        Assert.Equal("zh-Hans", await db.MerchantSettings.Select(s => s.Language).SingleAsync());
    }

    [Fact]
    public async Task AnEnglishInstall_KeepsTheEnglishNames()
    {
        await using var host = new AppHost(settings: new Dictionary<string, string?> { ["Bootstrap:Language"] = "en" });
        host.CreateBrowserlessClient().Dispose();

        var programme = (await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync()).Programme;

        Assert.Equal("Regular", Assert.Single(programme.Tiers).Name);
        Assert.Equal("Purchase", Assert.Single(programme.EarningRules).Name);
    }

    [Theory]
    [InlineData("zh-Hans", "zh-Hans")]
    [InlineData("zh-CN", "zh-Hans")]
    [InlineData("en-GB", "en")]
    [InlineData("fr", "en")]
    public void TheInstallLanguage_IsTheConfiguredOne_ChineseOrEnglish(string configured, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Bootstrap:Language"] = configured }).Build();

        Assert.Equal(expected, LoyaltyAdmin.Features.Onboarding.InstallLanguage.Choose(configuration));
    }
}
