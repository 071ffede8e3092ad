using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ResilienceTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Page_SurvivesACircuitReconnect()
    {
        var page = await browser.NewPageAsync("zh-CN");
        // A network drop on demand: the circuit's WebSocket is cut from the page, and while "offline" Blazor's attempts
        // to rejoin fail at negotiation. (DevTools' offline mode is no use here: it stalls an open WebSocket's
        // closing handshake instead of dropping it.)
        await page.Context.AddInitScriptAsync("""
            (() => {
                const Native = window.WebSocket;
                window.__sockets = [];
                window.WebSocket = function (url, protocols) { const s = new Native(url, protocols); window.__sockets.push(s); return s; };
                window.WebSocket.prototype = Native.prototype;
                Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
            })();
            """);
        var offline = false;
        await page.RouteAsync("**/_blazor/negotiate**", route => offline ? route.AbortAsync("internetdisconnected") : route.ContinueAsync());

        await page.SignInAsOwnerAsync(browser.App);
        await page.OpenAsync(browser.App, "/settings/stores");
        await page.EvaluateAsync("() => window.__samePage = true");
        await page.GetByTestId("add-store").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var reconnect = page.GetByTestId("reconnect");
        await Assertions.Expect(reconnect).ToBeHiddenAsync();

        offline = true;
        await page.EvaluateAsync("() => window.__sockets.forEach(s => s.close(4000, 'network drop'))");
        await Assertions.Expect(reconnect).ToBeVisibleAsync();
        await Assertions.Expect(reconnect).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("components-reconnect-(show|retrying)"));
        await Assertions.Expect(reconnect).ToContainTextAsync("连接已中断"); // in the user's language, not Blazor's English default
        await page.ScreenshotAsync("reconnect", "zh-Hans");
        offline = false;
        await Assertions.Expect(reconnect).ToBeHiddenAsync(new() { Timeout = 20_000 });

        // The same page and circuit carry on: no reload, the dialog opened before the drop is still there and saves.
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"));
        await dialog.Locator("input[data-testid=store-code]").FillAsync("GZ-RECONNECT");
        await dialog.Locator("input[data-testid=store-name]").FillAsync("Reconnected Store");
        await dialog.GetByTestId("save-store").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr", new() { HasText = "GZ-RECONNECT" })).ToContainTextAsync("Reconnected Store");
    }
}
