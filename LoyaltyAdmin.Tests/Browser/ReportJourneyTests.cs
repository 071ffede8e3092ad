using System.Net.Http.Json;
using ClosedXML.Excel;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>
/// Last month three members joined; two bought, one of them twice (purchases sent by the till's API). The analyst
/// opens the reports, sees last month's cohort and repurchase rate, downloads the monthly pack and the workbook says
/// 2 buyers, 1 repeat buyer, 50 %.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportJourneyTests(BrowserFixture browser)
{
    private const string AnalystEmail = "analyst@reports.local";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [E2EFact]
    public async Task Analyst_PicksLastMonth_SeesCohortAndRepurchase_AndDownloadsTheMonthlyPack()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Shanghai));
        var lastMonth = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var key = await SeedAsync(lastMonth);
        using var api = new HttpClient { BaseAddress = browser.App.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        await PurchaseAsync(api, "13500000001", "RPT-1", 38m, lastMonth.AddDays(9));
        await PurchaseAsync(api, "13500000001", "RPT-2", 52m, lastMonth.AddDays(11));
        await PurchaseAsync(api, "13500000002", "RPT-3", 25m, lastMonth.AddDays(14));

        var page = await browser.NewPageAsync();
        await page.SignInAsync(browser.App, AnalystEmail, AppHost.StandardPassword);
        await page.OpenAsync(browser.App, "/reports");
        await Assertions.Expect(page.GetByTestId("cohort-matrix")).ToContainTextAsync(lastMonth.ToString("yyyy-MM"));
        await page.GetByTestId("report-tabs").Locator(".mud-tab", new() { HasText = "Repurchase" }).ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("50");

        await page.GetByTestId("export-pack").ClickAsync();
        var download = page.GetByTestId("export-download");
        await download.WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        var href = await download.GetAttributeAsync("href");
        var file = await page.Context.APIRequest.GetAsync(browser.App.Url(href!));
        Assert.Equal(200, file.Status);
        Assert.Contains($"{lastMonth:yyyy-MM}.xlsx", file.Headers["content-disposition"]);

        using var workbook = new XLWorkbook(new MemoryStream(await file.BodyAsync()));
        var sheet = workbook.Worksheet("Repurchase");
        var header = sheet.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        var monthRow = sheet.RowsUsed().Skip(1).First();
        Assert.Equal(2, monthRow.Cell(header.IndexOf("Buyers") + 1).GetValue<int>());
        Assert.Equal(1, monthRow.Cell(header.IndexOf("Bought twice or more") + 1).GetValue<int>());
        var rate = monthRow.Cell(header.IndexOf("Bought twice or more") + 2);
        Assert.Equal(0.5, rate.GetValue<double>(), 3);
        Assert.Contains("%", rate.Style.NumberFormat.Format);
        Assert.True(workbook.TryGetWorksheet("Parameters", out _));
    }

    private static async Task PurchaseAsync(HttpClient api, string phone, string orderId, decimal amount, DateOnly day)
    {
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.FromHours(8));
        using var response = await api.PostAsJsonAsync("/api/v1/events",
            new { eventId = "evt-" + orderId, type = "purchase", phone, occurredAt = at, channel = "store", orderId, amount });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The analyst's account, last month's three new members and the till's key.</summary>
    private async Task<string> SeedAsync(DateOnly lastMonth)
    {
        await using var db = browser.App.Database.CreateContext();
        var store = new LoyaltyAdmin.Features.Settings.Store { Code = "RPT-01", Name = "Report Journey Store", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        await JourneySeed.AddStaffAsync(db, AnalystEmail, "Office Analyst", Roles.Analyst);
        var joined = TimeZoneInfo.ConvertTimeToUtc(lastMonth.AddDays(4).ToDateTime(new TimeOnly(10, 0)), Shanghai);
        foreach (var (phone, name) in new[] { ("13500000001", "林一"), ("13500000002", "林二"), ("13500000003", "林三") })
        {
            db.Members.Add(new Member
            {
                Phone = phone, Name = name, JoinedAtUtc = joined, JoinChannel = Channel.Store, ReferralCode = "RPT" + phone[^5..], TierCode = "regular",
                TierSince = lastMonth.AddDays(4), HomeStoreId = store.Id,
            });
        }
        var plain = JourneySeed.AddApiKey(db, store.Id, "Till");
        await db.SaveChangesAsync();
        return plain;
    }
}
