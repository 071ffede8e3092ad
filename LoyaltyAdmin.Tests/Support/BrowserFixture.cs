using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Support;

// Run alone, after the parallel tests: a browser waiting on a server starved by CPU-heavy concurrency tests
// times out for reasons that have nothing to do with the page.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One live app (Owner from configuration) and one headless Chromium shared by the browser tests;
/// each test opens its own browser context, so cookies and storage never leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        // Nothing but the app under test is reachable: no stray calls to the internet.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private LiveApp? app;

    public LiveApp App => app ?? throw Unavailable();

    public IBrowser Browser => browser ?? throw Unavailable();

    public static string ScreenshotFolder => Path.Combine(RepositoryRoot.Path, "LoyaltyAdmin.Tests", "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        // The fixture is built even when every test is skipped: then it starts nothing.
        if (!E2EFactAttribute.ChromiumAvailable)
            return;
        var starting = LiveApp.StartAsync();
        try
        {
            playwright = await Playwright.CreateAsync();
            browser = await LaunchAsync(playwright);
        }
        catch
        {
            // No app process may outlive a fixture that failed to start.
            await (await starting).DisposeAsync();
            playwright?.Dispose();
            throw;
        }
        app = await starting;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        // Expectations wait as long as actions (5 s by default): a busy CI machine renders a page late, not wrongly.
        Assertions.SetDefaultExpectTimeout(15_000);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = E2EFactAttribute.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh context (English unless told otherwise) and a page in it.</summary>
    public Task<IPage> NewPageAsync(string locale = "en-US") => NewPageAsync(Browser, locale);

    public static async Task<IPage> NewPageAsync(IBrowser browser, string locale = "en-US")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            TimezoneId = "Asia/Shanghai",
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
            await browser.DisposeAsync();
        playwright?.Dispose();
        if (app is not null)
            await app.DisposeAsync();
    }

    private static Exception Unavailable() =>
        new InvalidOperationException(E2EFactAttribute.ChromiumAvailable
            ? "The browser fixture did not start."
            : "REQUIRE_E2E=1 but " + E2EFactAttribute.MissingChromium);
}

/// <summary>What a person does in the console, phrased for the journeys.</summary>
public static class PageActions
{
    /// <summary>Signs in through the real login form and waits for the page it lands on.</summary>
    public static async Task SignInAsync(this IPage page, LiveApp app, string email, string password)
    {
        await page.GotoAsync(app.Url("/Account/Login"));
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase));
        }
        catch (TimeoutException)
        {
            var error = await page.GetByTestId("login-error").AllInnerTextsAsync();
            throw new Xunit.Sdk.XunitException($"Signing in as {email} did not leave the sign-in page: {string.Join(" ", error)}");
        }
    }

    public static Task SignInAsOwnerAsync(this IPage page, LiveApp app) =>
        page.SignInAsync(app, AppHost.OwnerEmail, AppHost.OwnerPassword);

    /// <summary>Waits until the circuit is up: before that, clicks on MudBlazor components do nothing.</summary>
    public static Task WaitForInteractivityAsync(this IPage page) =>
        page.Locator("[data-interactive=true]").WaitForAsync();

    /// <summary>
    /// Picks a file in the page's file input once Blazor has wired it up (the circuit can be live a moment before
    /// the input's own script runs, and a file chosen then is silently dropped).
    /// </summary>
    public static async Task ChooseFileAsync(this IPage page, string path)
    {
        await page.WaitForFunctionAsync("() => document.querySelector('input[type=file]')?._blazorInputFileNextFileId !== undefined");
        await page.Locator("input[type=file]").SetInputFilesAsync(path);
    }

    public static async Task OpenAsync(this IPage page, LiveApp app, string path)
    {
        await page.GotoAsync(app.Url(path));
        await page.WaitForInteractivityAsync();
    }

    /// <summary>Saves <c>artifacts/screenshots/&lt;name&gt;-&lt;culture&gt;.png</c> for review.</summary>
    public static async Task ScreenshotAsync(this IPage page, string name, string culture)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{culture}.png"),
            FullPage = true,
        });
    }
}
