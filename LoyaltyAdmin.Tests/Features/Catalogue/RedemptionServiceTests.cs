using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

/// <summary>Redemptions through the points ledger on a real SQLite file; the merchant is in Shanghai.</summary>
public sealed class RedemptionServiceTests : IAsyncLifetime
{
    private readonly MembersFixture fixture = CatalogueTestData.Fixture();

    private RedemptionService Redemptions => fixture.Get<RedemptionService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    [Theory]
    [InlineData("2026-03-10T17:00:00Z", 640, 20)] // still Tuesday in UTC, already Wednesday 01:00 in Shanghai
    [InlineData("2026-03-11T08:00:00Z", 640, 20)] // Wednesday afternoon in Shanghai
    [InlineData("2026-03-11T16:30:00Z", 800, 0)]  // still Wednesday in UTC, Thursday 00:30 in Shanghai
    [InlineData("2026-03-12T02:00:00Z", 800, 0)]  // Thursday
    public async Task Redeem_OnWednesdayInShanghai_CostsTwentyPercentFewerPoints(string utc, long expectedPoints, int expectedPercent)
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000001", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 800, memberDay: DayOfWeek.Wednesday, discount: 20);
        fixture.Clock.Now = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "tote", expectedPoints, "r-1");

        Assert.True(outcome.Succeeded, outcome.Error.ToString());
        Assert.Equal((expectedPoints, expectedPercent, 800L), (outcome.Redemption!.PointsPaid, outcome.Redemption.DiscountPercent, outcome.Redemption.RegularPoints));
        Assert.Equal(1000 - expectedPoints, outcome.Balance);
        Assert.Equal(1000 - expectedPoints, (await fixture.MemberAsync(memberId)).PointsBalance);
        await fixture.AssertLedgerConsistentAsync(memberId);
    }

    [Fact]
    public async Task Redeem_WritesOneLedgerEntry_TheRedemption_AndAnAuditOfTheClerk()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000002", 500);
        var item = await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOPPING", 120, stock: 5, cash: 3m);

        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOPPING", 120, "r-2");

        Assert.True(outcome.Succeeded);
        var redeem = Assert.Single(await fixture.EntriesAsync(memberId), e => e.Kind == PointsEntryKind.Redeem);
        Assert.Equal(-120, redeem.Points);
        Assert.Equal("r-2", redeem.EventId);
        await using var db = fixture.NewContext();
        var record = await db.CatalogueRedemptions.SingleAsync();
        Assert.Equal((memberId, item.Id, 120L, 3m, RedemptionStatus.AwaitingHandover, Channel.Store, "manager@shop.test"),
            (record.MemberId, record.ItemId, record.PointsPaid, record.Cash!.Value, record.Status, record.Channel, record.ByName));
        Assert.Equal(1, await db.CatalogueItems.Where(i => i.Id == item.Id).Select(i => i.Redeemed).SingleAsync());
        Assert.Equal("manager-1", (await db.AuditLog.SingleAsync(a => a.Action == "catalogue.redeemed")).UserId);
    }

    [Fact]
    public async Task Redeem_SameRequestIdTwice_RedeemsOnce_AndAnswersTheFirstResultAgain()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000003", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 300, stock: 10);

        var first = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOTE", 300, "same-id");
        var again = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOTE", 300, "same-id");

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal(first.Redemption!.Id, again.Redemption!.Id);
        Assert.Equal(700, again.Balance);
        Assert.Equal(700, (await fixture.MemberAsync(memberId)).PointsBalance);
        await using var db = fixture.NewContext();
        Assert.Equal(1, await db.CatalogueRedemptions.CountAsync());
        Assert.Equal(1, await db.CatalogueItems.Select(i => i.Redeemed).SingleAsync());
    }

    [Fact]
    public async Task Redeem_BeyondThePerMemberLimit_IsRefused_AndTakesNothing()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000004", 1000);
        var other = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000005", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "CUP", 100, stock: 10, perMember: 2);

        Assert.True((await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "CUP", 100, "l-1")).Succeeded);
        Assert.True((await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "CUP", 100, "l-2")).Succeeded);
        var third = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "CUP", 100, "l-3");
        var otherMember = await Redemptions.RedeemAsync(MembersFixture.Manager, other, "CUP", 100, "l-4");

        Assert.Equal(RedeemError.LimitReached, third.Error);
        Assert.True(otherMember.Succeeded);
        Assert.Equal(800, (await fixture.MemberAsync(memberId)).PointsBalance);
        await fixture.AssertLedgerConsistentAsync(memberId);
        await using var db = fixture.NewContext();
        Assert.Equal(3, await db.CatalogueItems.Select(i => i.Redeemed).SingleAsync());
    }

    [Fact]
    public async Task Redeem_WithTooFewPoints_IsRefused_AndClaimsNoStock()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000006", 299);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 300, stock: 1);

        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOTE", 300, "p-1");

        Assert.Equal(RedeemError.InsufficientPoints, outcome.Error);
        Assert.Equal(299, outcome.Available);
        await using var db = fixture.NewContext();
        Assert.Equal(0, await db.CatalogueItems.Select(i => i.Redeemed).SingleAsync());
        Assert.Empty(await db.CatalogueRedemptions.ToListAsync());
    }

    [Fact]
    public async Task Redeem_WhenTheLastOneIsGone_IsOutOfStock_AndTheMemberKeepsThePoints()
    {
        var first = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000007", 500);
        var second = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000008", 500);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "LAST", 200, stock: 1);

        Assert.True((await Redemptions.RedeemAsync(MembersFixture.Manager, first, "LAST", 200, "s-1")).Succeeded);
        var late = await Redemptions.RedeemAsync(MembersFixture.Manager, second, "LAST", 200, "s-2");

        Assert.Equal(RedeemError.OutOfStock, late.Error);
        Assert.Equal(500, (await fixture.MemberAsync(second)).PointsBalance);
        Assert.DoesNotContain(await fixture.EntriesAsync(second), e => e.Kind == PointsEntryKind.Redeem);
        await fixture.AssertLedgerConsistentAsync(second);
    }

    [Fact]
    public async Task Redeem_AtAPriceThatChangedSinceItWasShown_IsRefused()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000009", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 300);

        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOTE", 250, "c-1");

        Assert.Equal(RedeemError.PriceChanged, outcome.Error);
        Assert.Equal(300, outcome.CurrentPrice!.Points);
        Assert.Equal(1000, (await fixture.MemberAsync(memberId)).PointsBalance);
    }

    [Fact]
    public async Task Redeem_ACouponItem_IssuesTheCoupon_InTheSameTransaction()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000010", 1000);
        var template = await CouponSeed.TemplateAsync(fixture.DbFactory, "Free drink", stock: 1);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "DRINK", 400, kind: CatalogueItemKind.Coupon, couponTemplateId: template);

        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "DRINK", 400, "k-1");
        var secondMember = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000011", 1000);
        var templateEmpty = await Redemptions.RedeemAsync(MembersFixture.Manager, secondMember, "DRINK", 400, "k-2");

        Assert.True(outcome.Succeeded, outcome.Error.ToString());
        Assert.Equal(RedemptionStatus.Completed, outcome.Redemption!.Status);
        await using var db = fixture.NewContext();
        var coupon = await db.Coupons.SingleAsync();
        Assert.Equal((memberId, outcome.Redemption.CouponCode, CouponSource.Redemption), (coupon.MemberId, (string?)coupon.Code, coupon.Source));
        // The template ran out: the second redemption takes neither points nor the catalogue item's stock.
        Assert.Equal(RedeemError.OutOfStock, templateEmpty.Error);
        Assert.Equal(1000, (await fixture.MemberAsync(secondMember)).PointsBalance);
        Assert.Equal(1, await db.CatalogueItems.Select(i => i.Redeemed).SingleAsync());
    }

    [Fact]
    public async Task Redeem_ByAnAnalyst_IsRefused()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000012", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 300);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Redemptions.RedeemAsync(MembersFixture.Analyst, memberId, "TOTE", 300, "a-1"));
    }

    [Fact]
    public async Task HandOver_MarksTheRedemptionOnce_AndIsAudited()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000013", 1000);
        await CatalogueTestData.ItemAsync(fixture.DbFactory, "TOTE", 300);
        var outcome = await Redemptions.RedeemAsync(MembersFixture.Manager, memberId, "TOTE", 300, "h-1");

        var first = await Redemptions.HandOverAsync(MembersFixture.Manager, outcome.Redemption!.Id);
        var second = await Redemptions.HandOverAsync(MembersFixture.Owner, outcome.Redemption.Id);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        var row = Assert.Single((await Redemptions.ListAsync(MembersFixture.Owner, 0, 20)).Items);
        Assert.Equal((RedemptionStatus.Completed, "manager@shop.test"), (row.Status, row.HandedOverByName));
        await using var db = fixture.NewContext();
        Assert.Single(await db.AuditLog.Where(a => a.Action == "catalogue.handed_over").ToListAsync());
    }
}
