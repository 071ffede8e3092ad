using System.Globalization;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features;

/// <summary>
/// Every console form refuses names and texts with control or bidirectional characters with a field error (in the
/// user's language) and saves nothing; emoji and CJK are saved as typed.
/// </summary>
public sealed class SafeTextFormsTests : HostedTest
{
    public static TheoryData<string> Refused() => new() { "Li\0Lei", "Li\u001b[31mLei", "Li\r\nLei", "Li\tLei", "\u202Egpj.exe", "a\u2067b\u2069", "x\u200F", "N\u0085EL" };

    private static readonly string[] Welcome = ["李雷 🍵", "👩‍👩‍👧 Family", "Zoë Ōkubo", "한국 茶房"];

    private async Task<int> StoreIdAsync()
    {
        var saved = await Service<SettingsService>().SaveStoreAsync(new StoreModel { Code = "HQ", Name = "Head office" });
        Assert.True(saved.Succeeded);
        await using var db = await Service<IDbContextFactory<LoyaltyAdmin.Data.LoyaltyDbContext>>().CreateDbContextAsync();
        return await db.Stores.Where(s => s.Code == "HQ").Select(s => s.Id).SingleAsync();
    }

    private static void AssertRefused(SaveResult result, string field) =>
        Assert.Contains("must not contain", result.For(field) ?? $"no error for {field}: {string.Join("; ", result.Errors)}", StringComparison.OrdinalIgnoreCase);

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task MemberProfile_RefusesTheName_AndRegistersNobody(string name)
    {
        var result = await Service<MemberService>().SaveProfileAsync(Owner, new MemberProfileModel { Phone = "13800000001", Name = name });

        AssertRefused(result, nameof(MemberProfileModel.Name));
        await using var db = await Service<IDbContextFactory<LoyaltyAdmin.Data.LoyaltyDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Members.AnyAsync());
    }

    [Fact]
    public async Task MemberProfile_SaysItInChinese_ForAChineseUser()
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("zh-Hans");
        try
        {
            var result = await Service<MemberService>().SaveProfileAsync(Owner, new MemberProfileModel { Phone = "13800000001", Name = "\u202E李雷" });

            Assert.Contains("不能包含", result.For(nameof(MemberProfileModel.Name)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task EmojiAndCjk_AreSavedAsTyped()
    {
        var members = Service<MemberService>();
        for (var i = 0; i < Welcome.Length; i++)
            Assert.True((await members.SaveProfileAsync(Owner, new MemberProfileModel { Phone = $"1380000000{i}", Name = Welcome[i] })).Succeeded);
        Assert.True((await Service<SettingsService>().SaveStoreAsync(new StoreModel { Code = "CN1", Name = Welcome[0], Address = Welcome[3] })).Succeeded);

        await using var db = await Service<IDbContextFactory<LoyaltyAdmin.Data.LoyaltyDbContext>>().CreateDbContextAsync();
        Assert.Equal(Welcome.Order(), (await db.Members.Select(m => m.Name).ToListAsync()).Order());
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task StoreAndMerchant_RefuseTheName(string name)
    {
        var settings = Service<SettingsService>();

        AssertRefused(await settings.SaveStoreAsync(new StoreModel { Code = "S1", Name = name }), nameof(StoreModel.Name));
        AssertRefused(await settings.SaveStoreAsync(new StoreModel { Code = "S2", Name = "Store", Address = name }), nameof(StoreModel.Address));
        AssertRefused(await settings.SaveMerchantAsync(new MerchantSettingsModel { Name = name }), nameof(MerchantSettingsModel.Name));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task StaffAccount_RefusesTheDisplayName(string name)
    {
        var saved = await Service<UserAdminService>().SaveAsync(new UserModel { Email = "mgr@shop.test", DisplayName = name, Role = Roles.Analyst });

        AssertRefused(saved.Result, nameof(UserModel.DisplayName));
        Assert.Null(saved.OneTimePassword);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ApiKey_RefusesTheName(string name)
    {
        var created = await Service<ApiKeyService>().CreateAsync(Owner, new CreateApiKeyModel { Name = name, StoreId = await StoreIdAsync() });

        AssertRefused(created.Result, nameof(CreateApiKeyModel.Name));
        Assert.Null(created.PlainKey);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task CouponTemplateAndPack_RefuseTheName(string name)
    {
        var coupons = Service<CouponService>();

        AssertRefused(coupons.Validate(new CouponTemplateModel { Name = name, Kind = CouponKind.AmountOff, Amount = 10, Validity = ValidityMode.Days, ValidDays = 30 }),
            nameof(CouponTemplateModel.Name));
        AssertRefused(coupons.Validate(new CouponTemplateModel { Name = "Free tea", Kind = CouponKind.FreeItem, ItemName = name, Validity = ValidityMode.Days, ValidDays = 30 }),
            nameof(CouponTemplateModel.ItemName));
        AssertRefused(coupons.ValidatePack(new CouponPackModel { Name = name }, []), nameof(CouponPackModel.Name));
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task CatalogueItem_RefusesTheName(string name)
    {
        var result = await Service<CatalogueService>().SaveAsync(Owner, new CatalogueItemModel { Code = "TOTE", Name = name, Points = 100 });

        AssertRefused(result, nameof(CatalogueItemModel.Name));
        Assert.Empty(await Service<CatalogueService>().ListAsync(Owner));
    }

    [Fact]
    public async Task CatalogueDescription_MayHaveLineBreaks_ButNoEscapeOrOverride()
    {
        var catalogue = Service<CatalogueService>();

        AssertRefused(await catalogue.SaveAsync(Owner, new CatalogueItemModel { Code = "T1", Name = "Tote", Points = 100, Description = "Canvas\u001b bag" }),
            nameof(CatalogueItemModel.Description));
        AssertRefused(await catalogue.SaveAsync(Owner, new CatalogueItemModel { Code = "T2", Name = "Tote", Points = 100, Description = "Canvas \u202Ebag" }),
            nameof(CatalogueItemModel.Description));
        Assert.True((await catalogue.SaveAsync(Owner, new CatalogueItemModel { Code = "T3", Name = "Tote 👜", Points = 100, Description = "Canvas bag.\nWashable 🧺" })).Succeeded);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task ReferralCampaign_RefusesTheName(string name)
    {
        var result = Service<ReferralCampaignService>().Validate(new ReferralCampaignModel { Name = name, StartDate = DateTime.Today, EndDate = DateTime.Today });

        AssertRefused(result, nameof(ReferralCampaignModel.Name));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task PointsAdjustmentNote_AndVoidReason_RefuseEscapeAndOverride()
    {
        var adjust = await Service<PointsLedgerService>().AdjustAsync(Owner, new AdjustPointsModel { MemberId = 1, Points = 5, Reason = AdjustmentReason.Goodwill, Note = "ok \u001b[2J" });
        var voided = await Service<CouponIssueService>().VoidAsync(Owner, 1, "lost \u202Ekcab");

        AssertRefused(adjust.Errors, nameof(AdjustPointsModel.Note));
        AssertRefused(voided, "Reason");
    }
}
