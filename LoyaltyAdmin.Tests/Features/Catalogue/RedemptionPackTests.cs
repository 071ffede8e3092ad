using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

/// <summary>The coupon pack trigger "points redemption": a catalogue item that gives a pack, in the redemption's own write.</summary>
public sealed class RedemptionPackTests : IAsyncLifetime
{
    private readonly MembersFixture fixture = CatalogueTestData.Fixture();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    private async Task<int> CouponsAsync(long memberId)
    {
        await using var db = fixture.NewContext();
        return await db.Coupons.CountAsync(c => c.MemberId == memberId);
    }

    [Fact]
    public async Task RedeemingAnItemThatGivesAPack_IssuesThePack_Once()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000001", 1000);
        var template = await CouponSeed.TemplateAsync(fixture.DbFactory, "¥5 off");
        var pack = await CouponSeed.PackAsync(fixture.DbFactory, CouponPackTrigger.Redemption, (template, 2));
        var item = await CatalogueTestData.ItemAsync(fixture.DbFactory, "PACK", 300);
        await using (var db = fixture.NewContext())
        {
            await db.CatalogueItems.Where(i => i.Id == item.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.CouponPackId, pack));
        }

        var outcome = await fixture.Get<RedemptionService>().RedeemAsync(MembersFixture.Manager, memberId, "PACK", 300, "r-1");
        var again = await fixture.Get<RedemptionService>().RedeemAsync(MembersFixture.Manager, memberId, "PACK", 300, "r-1");

        Assert.True(outcome.Succeeded, outcome.Error.ToString());
        Assert.True(again.Succeeded);
        Assert.Equal(2, await CouponsAsync(memberId));
        Assert.Equal(700, (await fixture.MemberAsync(memberId)).PointsBalance);
        await fixture.AssertLedgerConsistentAsync(memberId);
    }

    [Fact]
    public async Task AnItem_CannotGiveAPackOfAnotherTrigger()
    {
        var template = await CouponSeed.TemplateAsync(fixture.DbFactory, "¥5 off");
        var pack = await CouponSeed.PackAsync(fixture.DbFactory, CouponPackTrigger.Registration, (template, 1));

        var saved = await fixture.Get<CatalogueService>().SaveAsync(MembersFixture.Owner,
            new CatalogueItemModel { Code = "PACK", Name = "Coupon pack", Kind = CatalogueItemKind.Goods, Points = 300, CouponPackId = pack, IsActive = true });

        Assert.False(saved.Succeeded);
        Assert.NotNull(saved.For(nameof(CatalogueItemModel.CouponPackId)));
    }
}
