using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

public sealed class CatalogueDemoTests
{
    [Fact]
    public async Task Demo_HasACatalogue_WithAWednesdayDiscount_AndADrinkVoucherThatIssuesACoupon()
    {
        // Wednesday 25 November 2026, 10:00 in Shanghai.
        await using var host = new AppHost(clock: new DemoClock(new ManualClock(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(8)))));
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<DemoData>().LoadAsync(5);

        var available = await host.Services.GetRequiredService<CatalogueService>().AvailableAsync();

        Assert.Equal(["DRINK-VOUCHER", "TOPPING", "TOTE-BAG", "TUMBLER"], available.Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.All(available, i => Assert.Equal(20, i.Price.DiscountPercent));
        Assert.Equal(640, available.Single(i => i.Code == "TOTE-BAG").Price.Points);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var voucher = await db.CatalogueItems.SingleAsync(i => i.Code == "DRINK-VOUCHER");
        Assert.True(await db.CouponTemplates.AnyAsync(t => t.Id == voucher.CouponTemplateId && t.IsActive));
    }
}
