using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Onboarding;

/// <summary>Does each first-run step the way the data records it, whichever page or API did it.</summary>
internal static class OnboardingTestData
{
    public static async Task NameMerchantAsync(AppHost host)
    {
        await using var db = await host.Services.CreateTestContextAsync();
        (await db.MerchantSettings.SingleAsync()).Name = "一叶茶社";
        await db.SaveChangesAsync();
    }

    public static async Task<int> AddStoreAsync(AppHost host)
    {
        await using var db = await host.Services.CreateTestContextAsync();
        var store = new Store { Code = "SH-001", Name = "人民广场店", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return store.Id;
    }

    public static Task UseTemplateAsync(AppHost host) =>
        host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, DateTime.UtcNow.AddSeconds(-1), "owner@test.local", "Tea shop");

    public static async Task AddNewMemberPackAsync(AppHost host)
    {
        await using var db = await host.Services.CreateTestContextAsync();
        db.CouponPacks.Add(new CouponPack { Name = "新人礼包", Trigger = CouponPackTrigger.Registration, CreatedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public static async Task AddApiKeyAsync(AppHost host, int storeId)
    {
        await using var db = await host.Services.CreateTestContextAsync();
        db.ApiKeys.Add(new ApiKey { StoreId = storeId, Name = "Till", Prefix = "la_test", Hash = "hash", CreatedAtUtc = DateTime.UtcNow, CreatedBy = "owner" });
        await db.SaveChangesAsync();
    }

    public static Task AddStaffAsync(AppHost host) => host.CreateUserAsync("manager@test.local", Roles.StoreManager);

    public static async Task AddMemberAsync(AppHost host, int storeId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MemberService>()
            .RegisterAsync(new NewMember("13800000001", "王芳", null, Channel.Store, storeId, null, DateTime.UtcNow), CancellationToken.None);
        Assert.True(result.Succeeded);
    }
}
