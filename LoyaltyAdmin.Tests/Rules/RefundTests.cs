using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class RefundTests
{
    [Theory]
    [InlineData(714, 238, 0, 238, 714)]
    [InlineData(714, 238, 0, 119, 357)]
    [InlineData(714, 238, 119, 119, 357)]
    [InlineData(100, 300, 0, 100, 33)]
    [InlineData(100, 300, 100, 100, 33)]
    [InlineData(100, 300, 200, 100, 34)]
    [InlineData(0, 50, 0, 50, 0)]
    public void Refund_Partial_ReversesProportionally(long earned, decimal paid, decimal already, decimal refund, long expected)
    {
        var reversal = RefundCalculator.Reverse(new OrderEarning(earned, 0, paid), already, refund);
        Assert.Equal(expected, reversal.Points);
    }

    [Fact]
    public void Refund_OfAGoldWednesdayPurchase_ReturnsWhatItEarned()
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member("gold"), Purchase(238m, "2026-11-25T12:00:00+08:00"));
        var earned = new OrderEarning(award.Points, award.Growth, 238m);
        var first = RefundCalculator.Reverse(earned, 0m, 100m, "O-1");
        var second = RefundCalculator.Reverse(earned, 100m, 138m, "O-1");
        Assert.Equal(714, first.Points + second.Points);
        Assert.Equal(238, first.Growth + second.Growth);
    }

    [Fact]
    public void Refund_MoreThanTheOrder_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RefundCalculator.Reverse(new OrderEarning(10, 0, 100m), 60m, 50m));
        Assert.Throws<ArgumentOutOfRangeException>(() => RefundCalculator.Reverse(new OrderEarning(10, 0, 100m), 0m, -1m));
    }

    [Fact]
    public void Refund_Explanation_RendersInEnglish()
    {
        using var _ = new UiCulture("en");
        var reversal = RefundCalculator.Reverse(new OrderEarning(714, 238, 238m), 0m, 119m, "O-1");
        Assert.Equal("Refund ¥119 of ¥238 → −357 pts, −119 growth", reversal.Line.ToText());
    }
}
