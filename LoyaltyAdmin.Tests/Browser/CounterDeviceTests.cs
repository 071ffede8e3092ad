using System.Text.Json;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// Staff serve members on phones and tablets: every page a StoreManager may open (from the route table) works on a
/// 390 × 844 screen, on each of its tabs: nothing widens the page sideways, the page's own buttons lie within the
/// screen, and axe-core finds nothing serious (a wide table scrolls in a box the keyboard can reach). Screenshots
/// go to <c>artifacts/screenshots/phone-*.png</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CounterDeviceTests(BrowserFixture browser)
{
    private const int Width = 390;

    // Buttons in a grid's rows or a tab bar may sit past the edge: those scroll inside their own box.
    private const string OwnScroller = ".mud-table-container, .brand-scroll, .mud-tabs-tabbar";

    [E2EFact]
    public async Task EveryStoreManagerPage_FitsAPhoneScreen_WithItsButtonsOnScreen()
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var pages = ConsolePages.VisibleTo(Roles.StoreManager);
        Assert.Contains(pages, p => p.Template == "/members/{Id:long}");
        var faults = new List<string>();
        foreach (var (culture, locale) in AccessibilityTests.Languages)
        {
            var page = await PhoneAsync(locale);
            await page.SignInAsync(browser.App, ConsoleSeed.ManagerEmail, AppHost.StandardPassword);
            foreach (var target in pages)
            {
                var path = ConsolePages.PathOf(target, seed);
                await page.OpenAndSettleAsync(browser.App, path);
                await page.ScreenshotAsync("phone" + ScreenshotName(target.Template), culture);
                faults.AddRange(await CheckEveryTabAsync(page, $"{path} ({culture})"));
            }
            await page.Context.CloseAsync();
        }
        Assert.True(faults.Count == 0, "At 390 px wide:\n" + string.Join('\n', faults));
    }

    [E2EFact]
    public async Task MemberPage_OnAPhone_KeepsTheNameReadable_AndItsActionsOnScreen()
    {
        var seed = await ConsoleSeed.EnsureAsync(browser.App);
        var page = await PhoneAsync();
        await page.SignInAsync(browser.App, ConsoleSeed.ManagerEmail, AppHost.StandardPassword);
        await page.OpenAndSettleAsync(browser.App, $"/members/{seed.MemberId}");

        var name = page.Locator("main h1");
        await Assertions.Expect(name).ToHaveTextAsync(ConsoleSeed.MemberName);
        // Squeezed beside the buttons the name was a column one character wide; it must take the screen's width.
        var box = await name.BoundingBoxAsync();
        Assert.True(box!.Width >= Width * 0.6, $"The member's name is {box.Width:0} px wide on a {Width} px screen.");
        foreach (var action in new[] { "adjust-open", "edit-member", "redeem-open" })
            await Assertions.Expect(page.GetByTestId(action)).ToBeInViewportAsync(new() { Ratio = 1 });
        // The menu does not cover the page on arrival: it opens from the menu button.
        await Assertions.Expect(page.Locator(".mud-drawer--open")).ToHaveCountAsync(0);
        await page.ScreenshotAsync("phone-member-header", "en");
    }

    private async Task<IPage> PhoneAsync(string locale = "en-US")
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = Width, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>The page as it opens, then each further tab of its tab bar (member history, report tabs) in turn.</summary>
    private static async Task<IReadOnlyList<string>> CheckEveryTabAsync(IPage page, string where)
    {
        var faults = new List<string>(await FaultsAsync(page, where));
        faults.AddRange(await page.SeriousViolationsAsync($"axe on {where}"));
        var tabs = page.Locator("main .mud-tabs-tabbar .mud-tab:not(.mud-disabled)");
        var count = await tabs.CountAsync();
        for (var i = 1; i < count; i++)
        {
            await tabs.Nth(i).ClickAsync();
            await Assertions.Expect(tabs.Nth(i)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-tab-active"));
            // Every tab shows a table, a sentence or a form once its data is in (a report tab renders nothing before).
            await Assertions.Expect(page.Locator("main .mud-tabs-panels").First.Locator(":is(table, p, input)").First).ToBeAttachedAsync();
            await Assertions.Expect(page.Locator(".mud-table-loading-progress, .mud-skeleton")).ToHaveCountAsync(0);
            var tab = $"{where}, tab {i + 1}";
            faults.AddRange(await FaultsAsync(page, tab));
            faults.AddRange(await page.SeriousViolationsAsync($"axe on {tab}"));
        }
        return faults;
    }

    /// <summary>Sideways overflow of the document, and buttons of the page that fall outside the screen.</summary>
    private static async Task<IReadOnlyList<string>> FaultsAsync(IPage page, string path)
    {
        var faults = new List<string>();
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
            faults.Add($"{path}: the page is {widths[0]} px wide, the screen {widths[1]} px");
        var outside = await page.EvaluateAsync<JsonElement>(
            """
            ([width, scroller]) => [...document.querySelectorAll('main button, main a.mud-button-root')]
                .filter(b => b.offsetParent !== null && !b.closest(scroller))
                .map(b => ({ b, r: b.getBoundingClientRect() }))
                .filter(({ r }) => r.width > 0 && (r.left < 0 || r.right > width + 0.5))
                .map(({ b, r }) => `${(b.innerText || b.getAttribute('aria-label') || b.dataset.testid || b.className).trim()} at ${Math.round(r.left)}–${Math.round(r.right)} px`)
            """, new object[] { Width, OwnScroller });
        faults.AddRange(outside.EnumerateArray().Select(b => $"{path}: button {b.GetString()} is off the screen"));
        return faults;
    }

    private static string ScreenshotName(string template) =>
        template == "/" ? "-dashboard" : string.Concat(template.Split('/', '{', '}', ':').Where(s => s.Length > 0 && s != "long").Select(s => "-" + s.ToLowerInvariant()));
}
