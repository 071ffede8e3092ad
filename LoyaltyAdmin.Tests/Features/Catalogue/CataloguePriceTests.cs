using LoyaltyAdmin.Features.Catalogue;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

public sealed class CataloguePriceTests
{
    [Theory]
    [InlineData(800, 20, 640)]
    [InlineData(333, 15, 284)] // 283.05 rounds up: the member never gets more than the stated discount
    [InlineData(999, 50, 500)]
    [InlineData(10, 90, 1)]
    [InlineData(1, 90, 1)]
    [InlineData(800, 0, 800)]
    public void Discounted_RoundsUpToAWholePoint(long points, int percent, long expected) =>
        Assert.Equal(expected, CataloguePrice.Discounted(points, percent));

    [Theory]
    [InlineData("2026-03-11", 640, 20)] // Wednesday
    [InlineData("2026-03-12", 800, 0)]  // Thursday
    [InlineData("2026-03-10", 800, 0)]  // Tuesday
    public void PriceOn_AWeeklyMemberDay_IsDiscountedOnlyThatWeekday(string day, long points, int percent)
    {
        var item = new CatalogueItem { Points = 800, MemberDay = MemberDayKind.Weekday, MemberDayWeekday = DayOfWeek.Wednesday, MemberDayDiscountPercent = 20 };

        var price = item.PriceOn(DateOnly.Parse(day));

        Assert.Equal((points, percent, 800L), (price.Points, price.DiscountPercent, price.RegularPoints));
    }

    [Theory]
    [InlineData("2026-03-15", 750)]
    [InlineData("2026-03-16", 1000)]
    public void PriceOn_AMonthlyMemberDay_IsDiscountedOnThatDayOfTheMonth(string day, long points)
    {
        var item = new CatalogueItem { Points = 1000, Cash = 9.9m, MemberDay = MemberDayKind.DayOfMonth, MemberDayOfMonth = 15, MemberDayDiscountPercent = 25 };

        var price = item.PriceOn(DateOnly.Parse(day));

        Assert.Equal(points, price.Points);
        Assert.Equal(9.9m, price.Cash); // cash is never discounted
    }

    [Fact]
    public void PriceOn_TheThirtyFirst_DoesNotHappenInAThirtyDayMonth()
    {
        Assert.Equal(new DateOnly(2026, 5, 31), CataloguePrice.NextMemberDay(MemberDayKind.DayOfMonth, null, 31, new DateOnly(2026, 4, 1)));
    }
}
