using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// axe-core finds no serious or critical violation on any page of the console, as each role that may open it, nor in
/// the main dialogs, in English and in Chinese. The pages come from the route table, so a new page is checked as soon
/// as it exists.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    public static readonly (string Culture, string Locale)[] Languages = [("en", "en-US"), ("zh-Hans", "zh-CN")];

    [E2EFact]
    public Task EveryPage_AsTheOwner_HasNoSeriousAxeViolations_InEitherLanguage() => PagesAsync(Roles.Owner);

    [E2EFact]
    public Task EveryStoreManagerPage_HasNoSeriousAxeViolations_InEitherLanguage() => PagesAsync(Roles.StoreManager);

    [E2EFact]
    public Task EveryAnalystPage_HasNoSeriousAxeViolations_InEitherLanguage() => PagesAsync(Roles.Analyst);

    [E2EFact]
    public async Task EveryPageOpenWithoutSigningIn_HasNoSeriousAxeViolations_InEitherLanguage()
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var pages = ConsolePages.All.Where(p => p.IsAnonymous).ToList();
        Assert.Contains(pages, p => p.Template == "/Account/Login");
        var found = new List<string>();
        foreach (var (culture, locale) in Languages)
        {
            var page = await browser.NewPageAsync(locale);
            foreach (var target in pages)
                found.AddRange(await CheckAsync(page, ConsolePages.PathOf(target, seed), culture, "anonymous"));
            await page.Context.CloseAsync();
        }
        AxeCheck.AssertNone(found);
    }

    [E2EFact]
    public async Task MainDialogs_HaveNoSeriousAxeViolations_InEitherLanguage()
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var export = Path.Combine(Path.GetTempPath(), $"a11y-programme-{Guid.NewGuid():N}.json");
        var found = new List<string>();
        try
        {
            foreach (var (culture, locale) in Languages)
            {
                var page = await browser.NewPageAsync(locale);
                await page.SignInAsOwnerAsync(browser.App);
                var programme = await page.Context.APIRequest.GetAsync(browser.App.Url("/programme/export"));
                Assert.Equal(200, programme.Status);
                await File.WriteAllBytesAsync(export, await programme.BodyAsync());

                foreach (var (name, path, open) in Dialogs(seed, export))
                {
                    await page.OpenAndSettleAsync(browser.App, path);
                    await open(page);
                    var dialog = page.Locator(".mud-dialog").Last;
                    await Assertions.Expect(dialog).ToBeVisibleAsync();
                    await Assertions.Expect(dialog.Locator(".mud-progress-linear-indeterminate, .mud-progress-circular")).ToHaveCountAsync(0);
                    found.AddRange(await page.SeriousViolationsAsync($"{name} dialog ({culture})"));
                }
                await page.Context.CloseAsync();
            }
        }
        finally
        {
            File.Delete(export);
        }
        AxeCheck.AssertNone(found);
    }

    /// <summary>The dialogs a person works in, each opened from its page; none of them is saved.</summary>
    private static IEnumerable<(string Name, string Path, Func<IPage, Task> Open)> Dialogs(ConsoleSeed seed, string programmeFile)
    {
        Func<IPage, Task> Click(string testId) => page => page.GetByTestId(testId).ClickAsync();
        var member = $"/members/{seed.MemberId}";
        yield return ("adjust points", member, Click("adjust-open"));
        yield return ("member profile", member, Click("edit-member"));
        yield return ("coupon template", "/coupons/templates", Click("template-new"));
        yield return ("coupon pack", "/coupons/packs", Click("pack-new"));
        yield return ("catalogue item", "/catalogue", Click("new-item"));
        yield return ("store", "/settings/stores", Click("add-store"));
        yield return ("user", "/settings/users", Click("add-user"));
        yield return ("API key", "/settings/api-keys", Click("create-key"));
        yield return ("referral campaign", "/campaigns/referrals", Click("new-campaign"));
        yield return ("import programme", "/programme", page => page.ChooseFileAsync(programmeFile));
        yield return ("programme template confirmation", "/programme", async page =>
        {
            await page.GetByTestId("templates").ClickAsync();
            await page.Locator("[data-template=teaShop]").ClickAsync();
        });
        yield return ("save programme", "/programme", async page =>
        {
            await page.GetByTestId("templates").ClickAsync();
            await page.Locator("[data-template=teaShop]").ClickAsync();
            var confirm = page.Locator(".mud-dialog");
            await confirm.Locator(".mud-dialog-actions button").Last.ClickAsync();
            await Assertions.Expect(confirm).ToHaveCountAsync(0);
            await page.GetByTestId("save-programme").ClickAsync();
        });
    }

    private async Task PagesAsync(string role)
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var pages = ConsolePages.VisibleTo(role);
        Assert.NotEmpty(pages);
        var (email, password) = ConsoleSeed.AccountOf(role);
        var found = new List<string>();
        foreach (var (culture, locale) in Languages)
        {
            var page = await browser.NewPageAsync(locale);
            await page.SignInAsync(browser.App, email, password);
            foreach (var target in pages)
                found.AddRange(await CheckAsync(page, ConsolePages.PathOf(target, seed), culture, role));
            await page.Context.CloseAsync();
        }
        AxeCheck.AssertNone(found);
    }

    private async Task<IReadOnlyList<string>> CheckAsync(IPage page, string path, string culture, string who)
    {
        await page.OpenAndSettleAsync(browser.App, path);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        return await page.SeriousViolationsAsync($"{path} as {who} ({culture})");
    }
}
