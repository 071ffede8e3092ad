using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Members.TwoStores;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

/// <summary>Redemptions for S002's member by S001's manager: only once served, recorded with S001; and the redemptions list of each store.</summary>
public sealed class RedemptionScopeTests : IAsyncLifetime
{
    private readonly MembersFixture f = CatalogueTestData.Fixture();
    private TwoStores stores = default!;

    private RedemptionService Redemptions => f.Get<RedemptionService>();

    public async Task InitializeAsync()
    {
        stores = await SeedAsync(f);
        foreach (var id in new[] { stores.Local, stores.Visitor })
            await f.Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = id, Points = 1000, Reason = AdjustmentReason.Goodwill });
        await CatalogueTestData.ItemAsync(f.DbFactory, "TOTE", 300);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task StoreManager_RedeemsForAVisitor_OnlyOnceFoundByPhone_AndTheRedemptionRecordsTheActingStore()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Redemptions.RedeemAsync(ManagerS1, stores.Visitor, "TOTE", 300, "r-1"));
        await f.Get<MemberService>().SearchAsync(ManagerS1, new MemberQuery(Search: VisitorPhone));

        var outcome = await Redemptions.RedeemAsync(ManagerS1, stores.Visitor, "TOTE", 300, "r-2");

        Assert.True(outcome.Succeeded);
        await using var db = f.NewContext();
        Assert.Equal(stores.S1, (await db.CatalogueRedemptions.SingleAsync()).StoreId);
        Assert.Equal(stores.S1, (await db.AuditLog.SingleAsync(a => a.Action == "catalogue.redeemed")).StoreId);
    }

    [Fact]
    public async Task Redemptions_AStoreSeesItsMembersAndWhatWasRedeemedThere_AndHandsOverNothingElse()
    {
        var local = await Redemptions.RedeemAsync(ManagerS1, stores.Local, "TOTE", 300, "local");
        var elsewhere = await Redemptions.RedeemAsync(Owner, stores.Visitor, "TOTE", 300, "visitor");

        var s1 = await Redemptions.ListAsync(ManagerS1, 0, 20);
        var s2 = await Redemptions.ListAsync(ManagerS2, 0, 20);

        Assert.Equal(local.Redemption!.Id, Assert.Single(s1.Items).Id);
        Assert.Equal(elsewhere.Redemption!.Id, Assert.Single(s2.Items).Id);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Redemptions.HandOverAsync(ManagerS1, elsewhere.Redemption.Id));
        Assert.True((await Redemptions.HandOverAsync(ManagerS2, elsewhere.Redemption.Id)).Succeeded);
    }
}
