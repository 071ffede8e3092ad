using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

public sealed class PointsPaymentTests : IAsyncLifetime
{
    private readonly MembersFixture fixture = CatalogueTestData.Fixture();

    private PointsPaymentService Payments => fixture.Get<PointsPaymentService>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await fixture.DisposeAsync();

    private static readonly PointsPaymentPolicy HundredPerYuanHalfTheOrder = new() { Enabled = true, PointsPerUnit = 100, MinimumPoints = 100, MaxSharePercent = 50 };

    [Theory]
    [InlineData(100, 5000, PointsPaymentError.None, 50, 5000)]
    [InlineData(100, 5001, PointsPaymentError.AboveShare, 0, 5000)]
    [InlineData(100, 99, PointsPaymentError.BelowMinimum, 0, 5000)]
    [InlineData(100, 150, PointsPaymentError.None, 1.5, 5000)]
    [InlineData(33.33, 1666, PointsPaymentError.None, 16.66, 1666)] // half of 33.33 is 16.665: down to 16.66, at most 1,666 points
    public void Quote_PaysAtTheRate_RoundedDownToTheCent_WithinTheMinimumAndTheShare(decimal order, long points, PointsPaymentError error, decimal amount, long maxPoints)
    {
        var quote = PointsPaymentQuote.For(HundredPerYuanHalfTheOrder, order, points);

        Assert.Equal((error, amount, maxPoints), (quote.Error, quote.Amount, quote.MaxPoints));
    }

    [Fact]
    public async Task Save_WithInvalidFields_AnswersEachField_AndSavesNothing()
    {
        var result = await Payments.SaveAsync(MembersFixture.Owner, new PointsPaymentModel { Enabled = true, PointsPerUnit = 0, MinimumPoints = -1, MaxSharePercent = 101 });

        Assert.Equal([nameof(PointsPaymentModel.MaxSharePercent), nameof(PointsPaymentModel.MinimumPoints), nameof(PointsPaymentModel.PointsPerUnit)],
            result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.False((await Payments.GetAsync()).Enabled);
    }

    [Fact]
    public async Task Pay_WithinTheShare_SpendsThePointsOnTheOrder_AndAboveItSpendsNothing()
    {
        var saved = await Payments.SaveAsync(MembersFixture.Owner, new PointsPaymentModel { Enabled = true, PointsPerUnit = 100, MinimumPoints = 100, MaxSharePercent = 50 });
        Assert.True(saved.Succeeded);
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000001", 10_000);

        var paid = await Payments.PayAsync(memberId, "ORDER-1", 80m, 4000, "pay-1", "api:A");
        var tooMuch = await Payments.PayAsync(memberId, "ORDER-2", 80m, 4001, "pay-2", "api:A");

        Assert.True(paid.Succeeded);
        Assert.Equal(40m, paid.Quote.Amount);
        Assert.Equal(PointsPaymentError.AboveShare, tooMuch.Quote.Error);
        var redeem = Assert.Single(await fixture.EntriesAsync(memberId), e => e.Kind == PointsEntryKind.Redeem);
        Assert.Equal((-4000L, "ORDER-1"), (redeem.Points, redeem.OrderId));
        Assert.Equal(6000, (await fixture.MemberAsync(memberId)).PointsBalance);
        await using var db = fixture.NewContext();
        Assert.Single(await db.AuditLog.Where(a => a.Action == "catalogue.points_payment_updated").ToListAsync());
    }

    [Fact]
    public async Task Pay_WhileTurnedOff_IsRefused()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(fixture, "13800000002", 10_000);

        var result = await Payments.PayAsync(memberId, "ORDER-3", 80m, 1000, "pay-3", "api:A");

        Assert.Equal(PointsPaymentError.Disabled, result.Quote.Error);
        Assert.Equal(10_000, (await fixture.MemberAsync(memberId)).PointsBalance);
    }
}
