using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// A member's points run out in eight days. The Owner opens Member notices, sees tomorrow's 7-day notice with its
/// Chinese text, reads each text in both languages, tightens the weekly cap and sees it in effect; every tab passes axe
/// in English and Chinese.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NoticeJourneyTests(BrowserFixture browser)
{
    private const string Phone = "13712340001";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [E2EFact]
    public async Task Owner_SeesTomorrowsExpiryNotice_ReadsTheTexts_AndTightensTheWeeklyCap()
    {
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Shanghai)).AddDays(8);
        await SeedAsync(lastDay);
        var page = await browser.NewPageAsync();
        await page.SignInAsOwnerAsync(browser.App);

        await page.OpenAsync(browser.App, "/campaigns/notices");

        await Assertions.Expect(page.GetByTestId("notice-rules")).ToContainTextAsync("Quiet hours 22:00–09:00, merchant time");
        var upcoming = page.GetByTestId("notice-upcoming").Locator("tr", new() { HasText = Phone });
        await Assertions.Expect(upcoming).ToContainTextAsync($"您有40积分有效期至{lastDay.Year}年{lastDay.Month}月{lastDay.Day}日");
        await Assertions.Expect(upcoming).ToContainTextAsync($"{lastDay.AddDays(-7):MM-dd} 09:00");

        await Tab(page, 2).ClickAsync();
        var points = page.GetByTestId("preview-notice.points_expiring");
        await Assertions.Expect(points.Locator("[lang=en]")).ToContainTextAsync("of your points can be used until");
        await Assertions.Expect(points.Locator("[lang=zh-Hans]")).ToContainTextAsync("积分有效期至");

        await Tab(page, 3).ClickAsync();
        await page.Locator("input[data-testid=weekly-limit]").FillAsync("4");
        await page.Locator("input[data-testid=weekly-limit]").PressAsync("Tab");
        await page.GetByTestId("save-notice-settings").ClickAsync();
        await Assertions.Expect(page.GetByTestId("notice-rules")).ToContainTextAsync("and 4 in any 7 days, per member");

        var found = new List<string>();
        foreach (var (culture, locale) in AccessibilityTests.Languages)
        {
            var tabs = await browser.NewPageAsync(locale);
            await tabs.SignInAsOwnerAsync(browser.App);
            await tabs.OpenAndSettleAsync(browser.App, "/campaigns/notices");
            for (var tab = 0; tab < 4; tab++)
            {
                await Tab(tabs, tab).ClickAsync();
                await Assertions.Expect(tabs.Locator(".mud-table-loading-progress, .mud-progress-linear-indeterminate")).ToHaveCountAsync(0);
                found.AddRange(await tabs.SeriousViolationsAsync($"notices tab {tab} ({culture})"));
            }
            await tabs.Context.CloseAsync();
        }
        AxeCheck.AssertNone(found);
    }

    private static ILocator Tab(IPage page, int index) => page.GetByTestId("notice-tabs").Locator(".mud-tab").Nth(index);

    /// <summary>A member with 40 points whose last valid day is <paramref name="lastDay"/>, written as the ledger writes them.</summary>
    private async Task SeedAsync(DateOnly lastDay)
    {
        await using var db = browser.App.Database.CreateContext();
        var now = DateTime.UtcNow;
        var member = new Member
        {
            Phone = Phone, Name = "Notice Journey", JoinedAtUtc = now, JoinChannel = Channel.MiniProgram, ReferralCode = "RNOTICE1", TierCode = "regular",
            TierSince = DateOnly.FromDateTime(now), PointsBalance = 40,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        var entry = new PointsEntry
        {
            MemberId = member.Id, Kind = PointsEntryKind.Earn, Source = PointsSource.Operator, Points = 40, BalanceAfter = 40, OccurredAtUtc = now,
            RecordedAtUtc = now, Reason = AdjustmentReason.Goodwill,
        };
        db.PointsEntries.Add(entry);
        await db.SaveChangesAsync();
        var earned = lastDay.AddYears(-1);
        db.PointLots.Add(new PointLot { MemberId = member.Id, EntryId = entry.Id, Points = 40, Remaining = 40, EarnedOn = earned, AvailableFrom = earned, ExpiresOn = lastDay });
        await db.SaveChangesAsync();
    }
}
