using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignOutJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_SignsOutFromTheAccountMenu_AndTheConsoleIsClosedAgain()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/");

        await page.Locator("button[aria-label=Account]").ClickAsync();
        await page.GetByTestId("logout").ClickAsync();

        await page.WaitForURLAsync(url => url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        await page.GotoAsync(browser.App.Url("/settings/stores"));
        await Assertions.Expect(page.Locator("#password")).ToBeVisibleAsync();
    }
}
