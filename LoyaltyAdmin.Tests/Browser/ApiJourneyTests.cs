using System.Net.Http.Json;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ApiJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_CreatesAnApiKey_AndAPurchasePostedWithIt_AppearsOnTheOpenMemberPage_WithoutAReload()
    {
        await EnsureStoreAsync();
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/settings/api-keys");

        await page.GetByTestId("create-key").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=key-name]").FillAsync("Mini-program backend");
        await dialog.GetByTestId("key-store").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "API-01" }).ClickAsync();
        await dialog.GetByTestId("save-key").ClickAsync();
        var key = await dialog.Locator("input[data-testid=new-key]").InputValueAsync();
        Assert.StartsWith("lak_", key);
        await dialog.GetByTestId("close-key").ClickAsync();

        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var registered = await api.PostAsJsonAsync("/api/v1/members",
            new { requestId = "reg-api-journey", phone = "13655550000", name = "赵敏", channel = "mini_program" });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);

        await page.OpenAsync(browser.App, "/members");
        await page.Locator("input[data-testid=member-search]").FillAsync("13655550000");
        await page.GetByTestId("members-grid").Locator("tr", new() { HasText = "赵敏" }).ClickAsync();
        var balance = page.GetByTestId("points-balance");
        await Assertions.Expect(page.GetByTestId("member-phone")).ToContainTextAsync("13655550000");
        var before = long.Parse((await balance.InnerTextAsync()).Where(char.IsDigit).ToArray());

        // The page stays open; the till posts a purchase of ¥128.50 under the programme in force.
        var purchase = await api.PostAsJsonAsync("/api/v1/events", new
        {
            eventId = "pos-api-journey-1", type = "purchase", phone = "13655550000", occurredAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            channel = "store", orderId = "A-API-1", amount = 128.50m,
        });
        Assert.True(purchase.IsSuccessStatusCode, await purchase.Content.ReadAsStringAsync());
        var awarded = (await purchase.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("points").GetInt64();
        Assert.True(awarded > 0);

        await Assertions.Expect(balance).ToContainTextAsync((before + awarded).ToString("#,0", System.Globalization.CultureInfo.GetCultureInfo("en-US")));
        await Assertions.Expect(page.GetByTestId("ledger-grid")).ToContainTextAsync("A-API-1");
    }

    private async Task EnsureStoreAsync()
    {
        await using var db = browser.App.Database.CreateContext();
        if (!await db.Stores.AnyAsync(s => s.Code == "API-01"))
        {
            db.Stores.Add(new LoyaltyAdmin.Features.Settings.Store { Code = "API-01", Name = "API Store", CreatedAtUtc = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }
    }
}
