using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ProgrammeJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_PicksTheTeaShopTemplate_DoublesGold_AddsAMemberDay_ChecksTheSimulator_Saves_AndFindsTheDiffInHistory()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/programme");

        await page.GetByTestId("templates").ClickAsync();
        await page.Locator("[data-template=teaShop]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Use template" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("unsaved")).ToBeVisibleAsync();

        // Gold is the third tier of the tea-shop template: ×1.5 becomes ×2.
        var goldMultiplier = page.Locator("input[data-testid=tier-multiplier-2]");
        await goldMultiplier.FillAsync("2");
        await goldMultiplier.BlurAsync();
        await Assertions.Expect(page.GetByTestId("tier-summary-2")).ToContainTextAsync("earns ×2");

        // A member day on today's weekday (merchant time), so the simulator's default date falls on it.
        await page.Locator(".mud-tab", new() { HasText = "Double-points days" }).ClickAsync();
        await page.GetByTestId("add-promotion").ClickAsync();
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DayOfWeek;
        var card = page.Locator("[data-testid=promotion-member-day]");
        if (today != DayOfWeek.Wednesday)
        {
            await card.GetByTestId($"weekday-{today}").CheckAsync();
            await card.GetByTestId("weekday-Wednesday").UncheckAsync();
        }
        await Assertions.Expect(page.GetByTestId("promotion-calendar").Locator(".promo-calendar-promoted").First).ToBeVisibleAsync();

        // ¥238 for a Gold member today: 238 × 2 (Gold) × 2 (member day) = 952.
        await page.GetByTestId("sim-tier").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Gold" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("sim-points")).ToHaveTextAsync("952");
        await Assertions.Expect(page.GetByTestId("sim-explanation")).ToContainTextAsync("Gold ×2");

        await page.GetByTestId("save-programme").ClickAsync();
        await page.Locator("input[data-testid=save-note]").FillAsync("Gold doubles, new member day");
        await page.GetByTestId("confirm-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("programme-version")).ToContainTextAsync("Version 2");
        await Assertions.Expect(page.GetByTestId("unsaved")).ToHaveCountAsync(0);

        await page.OpenAsync(browser.App, "/programme/history");
        var latest = page.GetByTestId("history").Locator(".mud-expand-panel").First;
        await Assertions.Expect(latest).ToContainTextAsync("Version 2");
        await Assertions.Expect(latest).ToContainTextAsync("Gold doubles, new member day");
        await latest.Locator(".mud-expand-panel-header").ClickAsync();
        // Against version 1 (the minimal programme) the whole Gold tier is new.
        await Assertions.Expect(latest.GetByTestId("changes")).ToContainTextAsync("tiers[gold]");
        await Assertions.Expect(latest.GetByTestId("changes")).ToContainTextAsync("promotions[member-day]");
        await page.ScreenshotAsync("programme-history-after-save", "en");
    }
}
