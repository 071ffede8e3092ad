using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// The owner's "new members get ¥10 off ¥50" pack is in place; a member registers through the mini-program's API and
/// receives it; the store's manager writes the coupon off at the till screen — refused below the minimum spend, accepted
/// at ¥68, and refused as already used when the customer tries again.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CouponJourneyTests(BrowserFixture browser)
{
    private const string ManagerEmail = "till@coupons.local";
    private const string Phone = "13600008888";

    [E2EFact]
    public async Task StoreStaff_WriteOffTheNewMemberCoupon_AtTheTill_Once()
    {
        var key = await SeedAsync();
        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var registered = await api.PostAsJsonAsync("/api/v1/members", new { requestId = "reg-coupon-journey", phone = Phone, name = "周婷", channel = "mini_program" });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        var member = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/members/{Phone}")).RootElement;
        var code = member.GetProperty("activeCoupons").EnumerateArray().Single().GetProperty("code").GetString()!;

        var till = await browser.NewPageAsync();
        await till.SignInAsync(browser.App, ManagerEmail, AppHost.StandardPassword);
        await till.OpenAsync(browser.App, "/coupons/write-off");
        await till.Locator("input[data-testid=writeoff-code]").FillAsync(code);
        await till.Locator("input[data-testid=writeoff-amount]").FillAsync("40");
        await till.GetByTestId("writeoff-check").ClickAsync();
        await Assertions.Expect(till.GetByTestId("writeoff-reason")).ToContainTextAsync("50");
        await Assertions.Expect(till.GetByTestId("writeoff-redeem")).ToHaveCountAsync(0);

        await till.Locator("input[data-testid=writeoff-amount]").FillAsync("68");
        await till.Locator("input[data-testid=writeoff-order]").FillAsync("POS-0068");
        await till.GetByTestId("writeoff-check").ClickAsync();
        await Assertions.Expect(till.GetByTestId("writeoff-discount")).ToContainTextAsync("10");
        await till.GetByTestId("writeoff-redeem").DblClickAsync();
        await Assertions.Expect(till.GetByTestId("writeoff-done")).ToBeVisibleAsync();

        // The customer tries the same code again at the next till.
        var nextTill = await browser.NewPageAsync();
        await nextTill.SignInAsync(browser.App, ManagerEmail, AppHost.StandardPassword);
        await nextTill.OpenAsync(browser.App, "/coupons/write-off");
        await nextTill.Locator("input[data-testid=writeoff-code]").FillAsync(code);
        await nextTill.Locator("input[data-testid=writeoff-amount]").FillAsync("68");
        await nextTill.GetByTestId("writeoff-check").ClickAsync();
        await Assertions.Expect(nextTill.GetByTestId("writeoff-reason")).ToBeVisibleAsync();
        await Assertions.Expect(nextTill.GetByTestId("writeoff-redeem")).ToHaveCountAsync(0);

        await using var db = browser.App.Database.CreateContext();
        var coupon = await db.Coupons.AsNoTracking().SingleAsync(c => c.Code == code);
        Assert.Equal(CouponStatus.Redeemed, coupon.Status);
        Assert.Equal((68m, 10m, "POS-0068"), (coupon.RedeemedOrderAmount, coupon.RedeemedDiscount, coupon.RedeemedOrderId));
        var after = JsonDocument.Parse(await api.GetStringAsync($"/api/v1/members/{Phone}")).RootElement;
        Assert.Empty(after.GetProperty("activeCoupons").EnumerateArray());
    }

    /// <summary>The owner's set-up and the till's account, as they would be after a morning in the console.</summary>
    private async Task<string> SeedAsync()
    {
        await using var db = browser.App.Database.CreateContext();
        var store = new LoyaltyAdmin.Features.Settings.Store { Code = "CPN-01", Name = "Coupon Journey Store", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        await JourneySeed.AddStaffAsync(db, ManagerEmail, "Till Manager", Roles.StoreManager, store.Id);
        var template = new CouponTemplate { Name = "新人满50减10", Kind = CouponKind.AmountOff, Amount = 10m, MinimumSpend = 50m, ValidDays = 30, CreatedAtUtc = DateTime.UtcNow };
        db.CouponTemplates.Add(template);
        await db.SaveChangesAsync();
        db.CouponPacks.Add(new CouponPack
        {
            Name = "新人礼包", Trigger = CouponPackTrigger.Registration, CreatedAtUtc = DateTime.UtcNow,
            Items = [new CouponPackItem { TemplateId = template.Id, Quantity = 1 }],
        });
        var plain = JourneySeed.AddApiKey(db, store.Id, "Mini-program");
        await db.SaveChangesAsync();
        return plain;
    }
}
