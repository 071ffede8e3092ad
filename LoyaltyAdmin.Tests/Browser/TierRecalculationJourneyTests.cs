using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class TierRecalculationJourneyTests(BrowserFixture browser)
{
    [E2EFact]
    public async Task Owner_SeesTheDryRunOfATemplatesTiers_Saves_Recalculates_AndFindsTheMoveInTheMembersHistory()
    {
        // Its own app: the journey changes the programme's tiers and moves members, which the shared app's journeys must not see.
        await using var app = await LiveApp.StartAsync();
        long member;
        await using (var db = app.Database.CreateContext())
        {
            // ¥260 spent: a Regular member under the minimal programme, Silver under the tea shop's (from ¥200).
            var m = new Member
            {
                Phone = "13800007001", Name = "Wang Fang", ReferralCode = "J7001", TierCode = "regular", LifetimeSpend = 260m, JoinedAtUtc = DateTime.UtcNow.AddDays(-30),
                TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)),
            };
            db.Members.Add(m);
            db.Members.Add(new Member
            {
                Phone = "13800007002", Name = "Zhao Lei", ReferralCode = "J7002", TierCode = "regular", LifetimeSpend = 20m, JoinedAtUtc = DateTime.UtcNow.AddDays(-30),
                TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)),
            });
            await db.SaveChangesAsync();
            member = m.Id;
        }
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(app);
        await page.OpenAsync(app, "/programme");

        await page.GetByTestId("templates").ClickAsync();
        await page.Locator("[data-template=teaShop]").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Use template" }).ClickAsync();
        await page.GetByTestId("save-programme").ClickAsync();

        // The dry run: one of the two members would move up from Regular; the list downloads.
        await Assertions.Expect(page.GetByTestId("dry-run-total")).ToContainTextAsync("move 1 member(s) up and 0 down, of 2");
        await Assertions.Expect(page.GetByTestId("dry-run-up-regular")).ToHaveTextAsync("1");
        var list = await page.Context.APIRequest.GetAsync(app.Url((await page.GetByTestId("dry-run-download").GetAttributeAsync("href"))!));
        Assert.Equal(200, list.Status);
        Assert.Contains("spreadsheetml", list.Headers["content-type"], StringComparison.Ordinal);
        await page.ScreenshotAsync("programme-save-dry-run", "en");

        await page.Locator("input[data-testid=save-note]").FillAsync("Tea-shop tiers");
        await page.GetByTestId("confirm-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("programme-version")).ToContainTextAsync("Version 2");
        await Assertions.Expect(page.GetByTestId("recalculation-pending")).ToContainTextAsync("Version 2 changed how tiers are decided");
        await using (var db = app.Database.CreateContext())
            Assert.Equal("regular", (await db.Members.SingleAsync(m => m.Id == member)).TierCode); // nothing moves silently

        await page.GetByTestId("recalculate-tiers").ClickAsync();
        await page.Locator(".mud-dialog button", new() { HasText = "Recalculate tiers" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("recalculation-last")).ToContainTextAsync("1 up, 0 down");
        await Assertions.Expect(page.GetByTestId("recalculation-pending")).ToHaveCountAsync(0);

        await page.OpenAsync(app, $"/members/{member}");
        await page.Locator(".mud-tab", new() { HasText = "Tier history" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("tier-history")).ToContainTextAsync("Recalculated after programme version 2");
        Assert.Empty(app.ErrorsSince(0));
    }
}
