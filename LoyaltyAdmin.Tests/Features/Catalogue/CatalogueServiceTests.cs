using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

public sealed class CatalogueServiceTests : IAsyncLifetime
{
    private readonly MembersFixture fixture = CatalogueTestData.Fixture();

    private CatalogueService Catalogue => fixture.Get<CatalogueService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    private static CatalogueItemModel Tote() => new()
    {
        Code = " tote-bag ", Name = "Canvas tote bag", Kind = CatalogueItemKind.Goods, Points = 800, Stock = 50, PerMemberLimit = 1,
        MemberDay = MemberDayKind.Weekday, MemberDayWeekday = DayOfWeek.Wednesday, MemberDayDiscountPercent = 20,
    };

    [Fact]
    public async Task Save_ANewItem_StoresItWithANormalisedCode_AndAudits()
    {
        var model = Tote();

        var result = await Catalogue.SaveAsync(MembersFixture.Owner, model);

        Assert.True(result.Succeeded);
        var row = Assert.Single(await Catalogue.ListAsync(MembersFixture.Owner));
        Assert.Equal(("TOTE-BAG", 800L, 50, 20), (row.Code, row.Points, row.Remaining!.Value, row.MemberDayDiscountPercent));
        await using var db = fixture.NewContext();
        Assert.Single(await db.AuditLog.Where(a => a.Action == "catalogue.item_created" && a.EntityId == model.Id.ToString()).ToListAsync());
    }

    [Fact]
    public async Task Save_WithInvalidFields_AnswersEachField_AndSavesNothing()
    {
        var model = new CatalogueItemModel
        {
            Code = "tote bag!", Name = " ", Points = 0, Cash = 1.234m, Stock = -1, PerMemberLimit = 0,
            AvailableFrom = new DateTime(2026, 5, 1), AvailableUntil = new DateTime(2026, 4, 1),
            MemberDay = MemberDayKind.DayOfMonth, MemberDayOfMonth = 32, MemberDayDiscountPercent = 95,
        };

        var result = await Catalogue.SaveAsync(MembersFixture.Owner, model);

        Assert.Equal(
            [nameof(model.AvailableUntil), nameof(model.Cash), nameof(model.Code), nameof(model.MemberDayDiscountPercent), nameof(model.MemberDayOfMonth),
             nameof(model.Name), nameof(model.PerMemberLimit), nameof(model.Points), nameof(model.Stock)],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        await using var db = fixture.NewContext();
        Assert.Empty(await db.CatalogueItems.ToListAsync());
        Assert.Empty(await db.AuditLog.ToListAsync());
    }

    [Fact]
    public async Task Save_ACodeAnotherItemHas_IsRefusedOnTheCodeField()
    {
        Assert.True((await Catalogue.SaveAsync(MembersFixture.Owner, Tote())).Succeeded);

        var result = await Catalogue.SaveAsync(MembersFixture.Owner, Tote());

        Assert.NotNull(result.For(nameof(CatalogueItemModel.Code)));
        Assert.Single(await Catalogue.ListAsync(MembersFixture.Owner));
    }

    [Fact]
    public async Task Save_ACouponItemWithoutATemplate_IsRefused()
    {
        var model = Tote();
        model.Kind = CatalogueItemKind.Coupon;

        var result = await Catalogue.SaveAsync(MembersFixture.Owner, model);

        Assert.NotNull(result.For(nameof(CatalogueItemModel.CouponTemplateId)));
    }

    [Fact]
    public async Task Save_StockBelowWhatWasAlreadyRedeemed_IsRefused()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000001", 5000);
        var model = Tote();
        model.MemberDay = MemberDayKind.None;
        await Catalogue.SaveAsync(MembersFixture.Owner, model);
        await fixture.Get<RedemptionService>().RedeemAsync(MembersFixture.Owner, memberId, "TOTE-BAG", 800, "r-1");
        var edit = (await Catalogue.GetModelAsync(MembersFixture.Owner, model.Id!.Value))!;
        edit.Stock = 0;

        var result = await Catalogue.SaveAsync(MembersFixture.Owner, edit);

        Assert.NotNull(result.For(nameof(CatalogueItemModel.Stock)));
    }

    [Fact]
    public async Task Save_AStaleEdit_IsRefused()
    {
        var model = Tote();
        await Catalogue.SaveAsync(MembersFixture.Owner, model);
        var first = (await Catalogue.GetModelAsync(MembersFixture.Owner, model.Id!.Value))!;
        var second = (await Catalogue.GetModelAsync(MembersFixture.Owner, model.Id!.Value))!;
        first.Points = 900;
        second.Points = 700;

        Assert.True((await Catalogue.SaveAsync(MembersFixture.Owner, first)).Succeeded);
        var stale = await Catalogue.SaveAsync(MembersFixture.Owner, second);

        Assert.NotNull(stale.For(""));
        Assert.Equal(900, Assert.Single(await Catalogue.ListAsync(MembersFixture.Owner)).Points);
    }

    [Fact]
    public async Task Available_ListsOnlyActiveInStockItemsInTheirWindow_AtTodaysPrice()
    {
        // 2026-03-11 is a Wednesday in Shanghai.
        fixture.Clock.Now = new DateTimeOffset(2026, 3, 11, 2, 0, 0, TimeSpan.Zero);
        await Catalogue.SaveAsync(MembersFixture.Owner, Tote());
        var inactive = Tote();
        (inactive.Code, inactive.IsActive) = ("OFF", false);
        await Catalogue.SaveAsync(MembersFixture.Owner, inactive);
        var later = Tote();
        (later.Code, later.AvailableFrom) = ("LATER", new DateTime(2026, 3, 12));
        await Catalogue.SaveAsync(MembersFixture.Owner, later);
        var empty = Tote();
        (empty.Code, empty.Stock) = ("EMPTY", 0);
        await Catalogue.SaveAsync(MembersFixture.Owner, empty);

        var available = await Catalogue.AvailableAsync();

        var item = Assert.Single(available);
        Assert.Equal(("TOTE-BAG", 640L, 800L), (item.Code, item.Price.Points, item.Price.RegularPoints));
    }

    [Fact]
    public async Task Manage_ByAStoreManager_IsRefused() =>
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Catalogue.SaveAsync(MembersFixture.Manager, Tote()));
}
