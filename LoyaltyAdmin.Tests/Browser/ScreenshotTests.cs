using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>The main screens in both languages, saved under <c>LoyaltyAdmin.Tests/artifacts/screenshots/</c> for review.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Screenshots_OfTheMainScreens_InBothLanguages()
    {
        foreach (var (culture, locale, settings, rowsPerPage) in new[] { ("en", "en-US", "Settings", "Rows per page"), ("zh-Hans", "zh-CN", "设置", "每页行数") })
        {
            var page = await browser.NewPageAsync(locale);
            await page.GotoAsync(browser.App.Url("/Account/Login"));
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            await page.ScreenshotAsync("login", culture);

            await page.SignInAsOwnerAsync(browser.App);
            foreach (var (name, path) in new[] { ("dashboard", "/"), ("programme", "/programme"), ("programme-history", "/programme/history"), ("stores", "/settings/stores"), ("users", "/settings/users") })
            {
                await page.OpenAsync(browser.App, path);
                await Assertions.Expect(page.GetByTestId("nav-menu")).ToContainTextAsync(settings);
                await Assertions.Expect(page.Locator(".mud-table-loading-progress")).ToHaveCountAsync(0);
                if (name == "stores")
                    await Assertions.Expect(page.Locator(".mud-table-pagination")).ToContainTextAsync(rowsPerPage); // MudBlazor's own texts too
                await page.ScreenshotAsync(name, culture);
                Assert.True(File.Exists(Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{culture}.png")));
            }
            await page.Context.CloseAsync();
        }
    }
}
