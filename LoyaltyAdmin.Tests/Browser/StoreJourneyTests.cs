using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class StoreJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_AddsAStore_AndSeesItInTheList()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/settings/stores");

        await page.GetByTestId("add-store").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=store-code]").FillAsync("SH-001");
        await dialog.Locator("input[data-testid=store-name]").FillAsync("People's Square");
        await dialog.GetByTestId("save-store").ClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        var row = page.Locator("tr", new() { HasText = "SH-001" });
        await Assertions.Expect(row).ToContainTextAsync("People's Square");
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Saved");
    }

    [E2EFact]
    public async Task DoubleClickOnSave_CreatesTheStoreOnce()
    {
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/settings/stores");

        await page.GetByTestId("add-store").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=store-code]").FillAsync("BJ-DOUBLE");
        await dialog.Locator("input[data-testid=store-name]").FillAsync("Double-click Store");
        var mark = browser.App.OutputLineCount;
        await dialog.GetByTestId("save-store").DblClickAsync();

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr", new() { HasText = "BJ-DOUBLE" })).ToHaveCountAsync(1);
        await using (var db = browser.App.Database.CreateContext())
            Assert.Equal(1, await db.Stores.CountAsync(s => s.Code == "BJ-DOUBLE"));
        // The second click neither failed on the server nor broke the circuit: the page still answers.
        await page.GetByTestId("add-store").ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#blazor-error-ui")).Not.ToBeVisibleAsync();
        Assert.Empty(browser.App.ErrorsSince(mark));
    }
}
