using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Settings;

public sealed class SettingsServiceTests : HostedTest
{
    private SettingsService Settings => Service<SettingsService>();

    [Fact]
    public async Task NewInstallation_IsInYuan_AndShanghaiTime()
    {
        var merchant = await Settings.GetMerchantAsync();

        Assert.Equal("CNY", merchant.Currency);
        Assert.Equal("Asia/Shanghai", merchant.TimeZoneId);
    }

    [Fact]
    public async Task MerchantWithUnknownZoneAndNoName_IsRefusedFieldByField_AndNothingChanges()
    {
        var result = await Settings.SaveMerchantAsync(new MerchantSettingsModel { Name = " ", Currency = "XXX", TimeZoneId = "Mars/Olympus" });

        Assert.False(result.Succeeded);
        Assert.Equal("Required.", result.For(nameof(MerchantSettingsModel.Name)));
        Assert.NotNull(result.For(nameof(MerchantSettingsModel.Currency)));
        Assert.NotNull(result.For(nameof(MerchantSettingsModel.TimeZoneId)));
        Assert.Equal("Asia/Shanghai", (await Settings.GetMerchantAsync()).TimeZoneId);
    }

    [Fact]
    public async Task StoreManagersMaySetTiers_OnlyOnceTheOwnerAllowsIt()
    {
        var overrides = Host.Services.GetRequiredService<LoyaltyAdmin.Features.Members.TierOverrideService>();
        var manager = LoyaltyAdmin.Tests.Features.Members.MembersFixture.ManagerOf(1);
        Assert.False((await Settings.GetMerchantAsync()).StoreManagersMaySetTier);
        Assert.False(await overrides.MaySetAsync(manager));

        Assert.True((await Settings.SaveMerchantAsync(new MerchantSettingsModel { Name = "Tea House", StoreManagersMaySetTier = true })).Succeeded);

        Assert.True((await Settings.GetMerchantAsync()).StoreManagersMaySetTier);
        Assert.True(await overrides.MaySetAsync(manager));
        Assert.False(await overrides.MaySetAsync(LoyaltyAdmin.Tests.Features.Members.MembersFixture.Analyst));
    }

    [Fact]
    public async Task DailyAdjustmentTotal_DefaultsToTwoThousand_IsSavedAndChecked()
    {
        var clock = Host.Services.GetRequiredService<MerchantClock>();
        Assert.Equal(2_000, (await Settings.GetMerchantAsync()).DailyAdjustmentTotal);

        var zero = await Settings.SaveMerchantAsync(new MerchantSettingsModel { Name = "Tea House", DailyAdjustmentTotal = 0 });
        var saved = await Settings.SaveMerchantAsync(new MerchantSettingsModel { Name = "Tea House", DailyAdjustmentTotal = 5_000 });

        Assert.Equal("Enter a whole number from 1 to 10000000.", zero.For(nameof(MerchantSettingsModel.DailyAdjustmentTotal)));
        Assert.True(saved.Succeeded);
        Assert.Equal(5_000, (await Settings.GetMerchantAsync()).DailyAdjustmentTotal);
        Assert.Equal(5_000, (await clock.GetAsync()).DailyAdjustmentTotal);
    }

    [Fact]
    public async Task ChangingTheZone_MovesTheMerchantsToday()
    {
        var clock = Host.Services.GetRequiredService<MerchantClock>();
        var saved = await Settings.SaveMerchantAsync(new MerchantSettingsModel { Name = "Tea House", Currency = "CNY", TimeZoneId = "Pacific/Kiritimati" });

        Assert.True(saved.Succeeded);
        var merchant = await clock.GetAsync();
        Assert.Equal("Tea House", merchant.Name);
        Assert.Equal("Pacific/Kiritimati", merchant.TimeZone.Id);
        var kiritimatiToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, merchant.TimeZone).DateTime);
        Assert.Equal(kiritimatiToday, await clock.TodayAsync());
    }

    [Fact]
    public async Task StoreCode_IsNormalisedToUpperCase_AndMustBeUnique()
    {
        var first = new StoreModel { Code = "sh-001", Name = "People's Square" };
        Assert.True((await Settings.SaveStoreAsync(first)).Succeeded);

        var duplicate = await Settings.SaveStoreAsync(new StoreModel { Code = "SH-001", Name = "Another" });

        Assert.Equal("Another store already uses the code SH-001.", duplicate.For(nameof(StoreModel.Code)));
        var page = await Settings.GetStoresAsync(new StoreQuery(null, null, false, 0, 10));
        Assert.Equal("SH-001", Assert.Single(page.Items).Code);
    }

    [Theory]
    [InlineData("", "Name", "Required.")]
    [InlineData("A", "Name", "Use 2–32 letters, digits or dashes, starting with a letter or digit.")]
    [InlineData("-AB", "Name", "Use 2–32 letters, digits or dashes, starting with a letter or digit.")]
    [InlineData("AB CD", "Name", "Use 2–32 letters, digits or dashes, starting with a letter or digit.")]
    public async Task BadStoreCodes_GetAMessageOnTheCodeField(string code, string name, string message)
    {
        var result = await Settings.SaveStoreAsync(new StoreModel { Code = code, Name = name });

        Assert.Equal(message, result.For(nameof(StoreModel.Code)));
        Assert.Equal(0, (await Settings.GetStoresAsync(new StoreQuery(null, null, false, 0, 10))).TotalCount);
    }

    [Fact]
    public async Task StoreWithoutZone_InheritsTheMerchants()
    {
        var store = new StoreModel { Code = "BJ-01", Name = "Sanlitun", TimeZoneId = "" };

        Assert.True((await Settings.SaveStoreAsync(store)).Succeeded);

        var row = (await Settings.GetStoresAsync(new StoreQuery("BJ", null, false, 0, 10))).Items.Single();
        Assert.Null(row.TimeZoneId);
    }

    [Fact]
    public async Task StoreList_PagesAndSortsOnTheServer()
    {
        for (var i = 1; i <= 12; i++)
            Assert.True((await Settings.SaveStoreAsync(new StoreModel { Code = $"S{i:00}", Name = $"Store {i:00}" })).Succeeded);

        var second = await Settings.GetStoresAsync(new StoreQuery(null, nameof(StoreRow.Name), true, 1, 5));

        Assert.Equal(12, second.TotalCount);
        Assert.Equal(["Store 07", "Store 06", "Store 05", "Store 04", "Store 03"], second.Items.Select(s => s.Name));
    }
}
