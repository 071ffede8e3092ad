using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Api;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>
/// The "done means", through the real app: a member joins from the mini-program (agreeing to marketing) and buys in
/// November; in December they ask "what do you hold about me?" — the Owner downloads one file — and then "delete me" — the
/// Owner's one action; November's report totals do not move, before or after the rollups are rebuilt from the ledger.
/// </summary>
public sealed class PrivacyJourneyTests(ApiTestHost api) : IClassFixture<ApiTestHost>
{
    private const string Phone = "13500000777";
    private const string Name = "Wang Fang 王芳";

    [Fact]
    public async Task TheOwner_AnswersWhatDoYouHold_WithOneDownload_AndDeleteMe_WithOneAction_AndNovembersTotalsDoNotMove()
    {
        var till = api.Client(api.KeyA);
        var joined = await till.PostAsJsonAsync("/api/v1/members",
            new { requestId = "reg-777", phone = Phone, name = Name, channel = "mini_program", marketingConsent = true, consentWordingVersion = "v2" });
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await till.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-777", Phone, 300m, "o-777", ApiTestHost.Start))).StatusCode);
        api.Clock.Set(new DateTimeOffset(2026, 12, 10, 3, 0, 0, TimeSpan.Zero));
        long memberId;
        await using (var db = await api.Factory.CreateDbContextAsync())
            memberId = await db.Members.Where(m => m.Phone == Phone).Select(m => m.Id).SingleAsync();
        var november = await NovemberAsync();

        // "What do you hold about me?" — one download from the member's page.
        var owner = api.Host.CreateBrowserlessClient();
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword)).StatusCode);
        using var download = await owner.GetAsync($"/members/{memberId}/personal-data.json");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal($"member-{memberId}.json", download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName);
        var held = JsonDocument.Parse(await download.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((Phone, Name), (held.GetProperty("profile").GetProperty("phone").GetString(), held.GetProperty("profile").GetProperty("name").GetString()));
        var consent = held.GetProperty("consentHistory").EnumerateArray().Single();
        Assert.Equal((true, "mini_program", "v2"), (consent.GetProperty("consent").GetBoolean(), consent.GetProperty("source").GetString(),
            consent.GetProperty("wordingVersion").GetString()));
        Assert.Contains(held.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderId").GetString() == "o-777");
        var balance = held.GetProperty("profile").GetProperty("pointsBalance").GetInt64();
        Assert.True(balance > 0);
        using var workbook = await owner.GetAsync($"/members/{memberId}/personal-data.xlsx");
        Assert.Equal((HttpStatusCode.OK, LoyaltyAdmin.Features.Spreadsheets.Xlsx.ContentType), (workbook.StatusCode, workbook.Content.Headers.ContentType?.MediaType));

        // "Delete me" — the Owner's one action (the member page's erase dialog calls exactly this).
        var erased = await api.Host.Services.GetRequiredService<MemberErasure>().EraseAsync(await OwnerAsync(), memberId);

        Assert.Equal((ErasureOutcome.Erased, balance), (erased.Outcome, erased.PointsExpired));
        Assert.Equal(november, await NovemberAsync());
        await api.Host.Services.GetRequiredService<RollupRebuild>().RebuildAsync();
        Assert.Equal(november, await NovemberAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await till.GetAsync($"/api/v1/members/{Phone}")).StatusCode);
        using var after = await owner.GetAsync($"/members/{memberId}/personal-data.json");
        var left = await after.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Phone, left);
        Assert.DoesNotContain("王芳", left);
    }

    /// <summary>November as the reports show it: points, retention, repurchase, tier movements and the dashboard, as one comparable text.</summary>
    private async Task<string> NovemberAsync()
    {
        var reports = api.Host.Services.GetRequiredService<ReportService>();
        var owner = await OwnerAsync();
        var month = ReportFilter.Month(202611);
        return JsonSerializer.Serialize(new object[]
        {
            (await reports.PointsAsync(owner, month)).Months, await reports.RetentionAsync(owner, month), await reports.RepurchaseAsync(owner, month),
            (await reports.TiersAsync(owner, month)).Movements, await reports.DashboardAsync(owner, month),
        });
    }

    private async Task<StaffActor> OwnerAsync()
    {
        await using var scope = api.Host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return StaffActor.From(await factory.CreateAsync((await users.FindByEmailAsync(AppHost.OwnerEmail))!));
    }
}
