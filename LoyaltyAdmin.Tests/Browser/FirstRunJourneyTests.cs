using System.Text.RegularExpressions;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed partial class FirstRunJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_FirstSignIn_ChangesPassword_AndSwitchesToChinese()
    {
        var page = await browser.NewPageAsync();
        // Its own app: the first run without a configured password is the point of this journey.
        await using var app = await LiveApp.StartAsync(ownerEmail: null, ownerPassword: null);
        var oneTimePassword = (await app.WaitForOutputAsync(OneTimePassword())).Groups[1].Value;

        await page.SignInAsync(app, OwnerBootstrapper.DefaultOwnerEmail, oneTimePassword);

        await Assertions.Expect(page).ToHaveURLAsync(app.Url("/Account/ChangePassword"));
        await page.Locator("#current").FillAsync(oneTimePassword);
        await page.Locator("#new").FillAsync("My-Own-Pass-42");
        await page.Locator("#confirm").FillAsync("My-Own-Pass-42");
        await page.Locator("button[type=submit]").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(app.Url("/"));
        await page.WaitForInteractivityAsync();
        var nav = page.GetByTestId("nav-menu");
        await Assertions.Expect(nav).ToContainTextAsync("Settings");

        await page.GetByTestId("language-menu").Locator("button").ClickAsync();
        await page.Locator("[data-culture=zh-Hans]").ClickAsync();

        await Assertions.Expect(nav).ToContainTextAsync("设置");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        await page.ReloadAsync();
        await page.WaitForInteractivityAsync();
        await Assertions.Expect(nav).ToContainTextAsync("设置");
        await Assertions.Expect(nav).Not.ToContainTextAsync("Settings");
        Assert.Empty(app.ErrorsSince(0)); // a first run is quiet: nothing in the log that would alarm a new merchant
    }

    [GeneratedRegex(@"One-time password: (\S+)")]
    private static partial Regex OneTimePassword();
}
