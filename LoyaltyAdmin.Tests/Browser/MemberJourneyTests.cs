using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MemberJourneyTests(BrowserFixture browser)
{
    private const string ManagerEmail = "manager@journey.local";

    [E2EFact]
    public async Task StoreManager_FindsAMemberByPhone_AdjustsWithAReason_AndALargeAdjustmentWaitsForTheOwner()
    {
        await SeedManagerAndMemberAsync();
        var manager = await browser.NewPageAsync();
        await manager.SignInAsync(browser.App, ManagerEmail, AppHost.StandardPassword);
        await manager.OpenAsync(browser.App, "/members");

        await manager.Locator("input[data-testid=member-search]").FillAsync("1370000");
        var row = manager.GetByTestId("members-grid").Locator("tr", new() { HasText = "陈静" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await row.ClickAsync();
        await Assertions.Expect(manager.GetByTestId("member-phone")).ToContainTextAsync("13700001234");

        await AdjustAsync(manager, "88", "goodwill: tea was late");
        await Assertions.Expect(manager.GetByTestId("points-balance")).ToContainTextAsync("88");
        await Assertions.Expect(manager.GetByTestId("ledger-grid")).ToContainTextAsync("tea was late");

        await AdjustAsync(manager, "800", "complaint: wrong order twice");
        await Assertions.Expect(manager.Locator(".mud-snackbar", new() { HasText = "Sent to the owner for approval" })).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("points-balance")).ToContainTextAsync("88");

        var owner = await browser.NewPageAsync();
        await owner.SignInAsOwnerAsync(browser.App);
        await owner.OpenAsync(browser.App, "/members/approvals");
        var request = owner.GetByTestId("approvals").Locator("tr", new() { HasText = "陈静" });
        await request.GetByTestId("approve").ClickAsync();
        await Assertions.Expect(owner.Locator(".mud-snackbar", new() { HasText = "Approved and applied." })).ToBeVisibleAsync();

        await manager.ReloadAsync();
        await manager.WaitForInteractivityAsync();
        await Assertions.Expect(manager.GetByTestId("points-balance")).ToContainTextAsync("888");
    }

    private static async Task AdjustAsync(IPage page, string points, string note)
    {
        await page.GetByTestId("adjust-open").ClickAsync();
        var dialog = page.Locator(".mud-dialog");
        await dialog.Locator("input[data-testid=adjust-points]").FillAsync(points);
        await dialog.GetByTestId("adjust-reason").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Goodwill" }).ClickAsync();
        await dialog.Locator("textarea[data-testid=adjust-note]").FillAsync(note);
        await dialog.GetByTestId("save-adjust").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    private async Task SeedManagerAndMemberAsync()
    {
        await using var db = browser.App.Database.CreateContext();
        if (await db.Users.AnyAsync(u => u.Email == ManagerEmail))
            return;
        var store = new LoyaltyAdmin.Features.Settings.Store { Code = "JRN-01", Name = "Journey Store", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        await JourneySeed.AddStaffAsync(db, ManagerEmail, "Li Manager", Roles.StoreManager, store.Id);
        db.Members.Add(new Member
        {
            Phone = "13700001234", Name = "陈静", ReferralCode = "JOURNEY1", TierCode = "regular", HomeStoreId = store.Id,
            JoinedAtUtc = DateTime.UtcNow.AddDays(-10), TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)),
        });
        await db.SaveChangesAsync();
    }
}
