using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// The member centre's reads through the real host under the tea-shop programme: each screen's happy path, paging by
/// cursor, errors as problem+json, both languages, and another store's key.
/// </summary>
public sealed class MemberCentreApiTests(ApiTestHost app) : IClassFixture<ApiTestHost>, IAsyncLifetime
{
    private readonly HttpClient client = app.Client(app.KeyA);
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    public async Task InitializeAsync() => await CentreSeed.TeaShopAsync(app);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PointsHistory_IsNewestFirst_PagedByCursor_UntilTheLastPageSaysNoMore()
    {
        await app.RegisterAsync(client, "13700000001");
        for (var i = 1; i <= 3; i++)
            await Post(ApiTestHost.Purchase($"h1-{i}", "13700000001", 10 * i, $"H1-{i}", Now));

        var first = await GetAsync("/api/v1/members/13700000001/points?limit=3");
        var second = await GetAsync($"/api/v1/members/13700000001/points?limit=3&cursor={first.GetProperty("nextCursor").GetString()}");

        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(4, ids.Count); // registration + 3 purchases
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var newest = first.GetProperty("items")[0];
        Assert.Equal("earn", newest.GetProperty("kind").GetString());
        Assert.Equal(30, newest.GetProperty("points").GetInt64());
        Assert.Equal("order", newest.GetProperty("source").GetProperty("type").GetString());
        Assert.Equal("H1-3", newest.GetProperty("source").GetProperty("orderId").GetString());
        Assert.Equal("2026-11-26", newest.GetProperty("date").GetString()); // the merchant's day (Shanghai), not UTC's 25th
        Assert.Equal(100 + 60, newest.GetProperty("balanceAfter").GetInt64());
    }

    [Fact]
    public async Task PointsHistory_ExplainsInTheCallersLanguage_AndSaysWhichInContentLanguage()
    {
        await app.RegisterAsync(client, "13700000002");
        await Post(ApiTestHost.Purchase("h2-1", "13700000002", 50, "H2-1", Now));

        var (english, enHeader) = await GetWithLanguageAsync("/api/v1/members/13700000002/points", "en-US,en;q=0.9");
        var (chinese, zhHeader) = await GetWithLanguageAsync("/api/v1/members/13700000002/points", "zh-CN,zh;q=0.9,en;q=0.5");

        Assert.Equal(("en", "en"), (english.GetProperty("language").GetString(), enHeader));
        Assert.Equal(("zh-Hans", "zh-Hans"), (chinese.GetProperty("language").GetString(), zhHeader));
        var vary = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/members/13700000002/points"));
        Assert.Contains("Accept-Language", vary.Headers.Vary); // caches keep one answer per language
        var en = english.GetProperty("items")[0].GetProperty("explanation").GetString()!;
        var zh = chinese.GetProperty("items")[0].GetProperty("explanation").GetString()!;
        Assert.NotEqual(en, zh);
        Assert.Contains("Purchase", en);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh);
    }

    [Theory]
    [InlineData("points?limit=0", "limit")]
    [InlineData("points?limit=101", "limit")]
    [InlineData("points?limit=ten", "limit")]
    [InlineData("points?cursor=not-a-cursor", "cursor")]
    [InlineData("points/expiring?limit=0", "limit")]
    [InlineData("coupons?status=lost", "status")]
    [InlineData("checkins?month=2026-13", "month")]
    [InlineData("checkins?month=December", "month")]
    [InlineData("referrals?cursor=%21%21", "cursor")]
    public async Task BadQueries_Are400ProblemJson_NamingTheField(string query, string field)
    {
        await app.RegisterAsync(client, "13700000003");

        await AssertProblemAsync(await client.GetAsync($"/api/v1/members/13700000003/{query}"), HttpStatusCode.BadRequest, "validation_failed", field);
    }

    [Theory]
    [InlineData("points")]
    [InlineData("points/expiring")]
    [InlineData("coupons")]
    [InlineData("checkins")]
    [InlineData("referrals")]
    [InlineData("tier")]
    public async Task EveryScreen_UnknownMemberIs404_BadPhoneIs400_NoKeyIs401(string screen)
    {
        await AssertProblemAsync(await client.GetAsync($"/api/v1/members/13799999999/{screen}"), HttpStatusCode.NotFound, "member_not_found");
        await AssertProblemAsync(await client.GetAsync($"/api/v1/members/12ab/{screen}"), HttpStatusCode.BadRequest, "validation_failed", "phone");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client(null).GetAsync($"/api/v1/members/13700000001/{screen}")).StatusCode);
    }

    [Theory]
    [InlineData("points")]
    [InlineData("points/expiring")]
    [InlineData("coupons")]
    [InlineData("checkins")]
    [InlineData("referrals")]
    [InlineData("tier")]
    public async Task AnotherStoresKey_ReadsTheMember_LikeTheMemberCard(string screen)
    {
        await app.RegisterAsync(client, "13700000004"); // a member of store A

        var response = await app.Client(app.KeyB).GetAsync($"/api/v1/members/13700000004/{screen}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client(app.KeyB).GetAsync("/api/v1/members/13700000004")).StatusCode);
    }

    [Fact]
    public async Task PointsExpiring_ListsPendingPointsWithTheirDay_AndTheDayTheyExpire()
    {
        await app.RegisterAsync(client, "13700000005");
        await Post(ApiTestHost.Purchase("x5-1", "13700000005", 80, "X5-1", Now));

        var schedule = await GetAsync("/api/v1/members/13700000005/points/expiring", "en");

        Assert.Equal(180, schedule.GetProperty("balance").GetInt64());
        Assert.Equal(80, schedule.GetProperty("pending").GetInt64());
        var pending = Assert.Single(schedule.GetProperty("pendingDays").EnumerateArray());
        Assert.Equal(80, pending.GetProperty("points").GetInt64());
        Assert.Equal("2026-12-03", pending.GetProperty("availableOn").GetString()); // 7 days' return window
        var days = schedule.GetProperty("expiring").EnumerateArray().ToList();
        Assert.Equal(180, days.Sum(d => d.GetProperty("points").GetInt64()));
        Assert.All(days, d => Assert.True(DateOnly.Parse(d.GetProperty("lastValidDay").GetString()!) > new DateOnly(2027, 1, 1)));
        Assert.Contains("expire", schedule.GetProperty("summary").GetString());
    }

    [Fact]
    public async Task Coupons_ByStatus_WithTermsInTheCallersLanguage_AndWhereTheyWereUsed()
    {
        var card = await ApiTestHost.JsonAsync(await app.RegisterAsync(client, "13700000006"));
        var used = card.GetProperty("activeCoupons")[0].GetProperty("code").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/coupons/{used}/redeem",
            new { requestId = "c6", amount = 80m, channel = "store", orderId = "C6" })).StatusCode);

        var issued = await GetAsync("/api/v1/members/13700000006/coupons?status=issued", "en");
        var redeemed = await GetAsync("/api/v1/members/13700000006/coupons?status=redeemed", "zh-CN");
        var all = await GetAsync("/api/v1/members/13700000006/coupons?limit=1");
        var rest = await GetAsync($"/api/v1/members/13700000006/coupons?limit=1&cursor={all.GetProperty("nextCursor").GetString()}");

        Assert.Equal("Available", Assert.Single(issued.GetProperty("items").EnumerateArray()).GetProperty("statusText").GetString());
        var use = Assert.Single(redeemed.GetProperty("items").EnumerateArray());
        Assert.Equal(used, use.GetProperty("code").GetString());
        Assert.Equal("已使用", use.GetProperty("statusText").GetString());
        Assert.Equal("A", use.GetProperty("redeemed").GetProperty("storeCode").GetString());
        Assert.Equal("C6", use.GetProperty("redeemed").GetProperty("orderId").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", use.GetProperty("terms").GetString()!);
        Assert.NotEqual(all.GetProperty("items")[0].GetProperty("code").GetString(), rest.GetProperty("items")[0].GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Coupons_AnIssuedCouponPastItsLastDay_ReadsExpired_NotIssued()
    {
        await app.RegisterAsync(client, "13700000011");
        await using (var db = await app.Host.Services.CreateTestContextAsync())
        {
            var memberId = await db.Members.Where(m => m.Phone == "13700000011").Select(m => m.Id).SingleAsync();
            var coupon = await db.Coupons.Where(c => c.MemberId == memberId).OrderBy(c => c.Id).FirstAsync();
            coupon.ValidUntilUtc = Now.UtcDateTime.AddMinutes(-1);
            await db.SaveChangesAsync();
        }

        var issued = await GetAsync("/api/v1/members/13700000011/coupons?status=issued", "en");
        var expired = await GetAsync("/api/v1/members/13700000011/coupons?status=expired", "en");

        Assert.Single(issued.GetProperty("items").EnumerateArray());
        var gone = Assert.Single(expired.GetProperty("items").EnumerateArray());
        Assert.Equal(("expired", "Expired"), (gone.GetProperty("status").GetString(), gone.GetProperty("statusText").GetString()));
        Assert.Equal(0, (await GetAsync("/api/v1/members/13700000011/coupons?status=voided")).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task CheckIns_ShowTodaysDay_TheStreak_AndTheNextBonus_InBothLanguages()
    {
        await app.RegisterAsync(client, "13700000007");
        await Post(new { eventId = "k7", type = "checkin", phone = "13700000007", occurredAt = Now, channel = "mini_program" });

        var en = await GetAsync("/api/v1/members/13700000007/checkins", "en");
        var zh = await GetAsync("/api/v1/members/13700000007/checkins?month=2026-11", "zh-CN");
        var october = await GetAsync("/api/v1/members/13700000007/checkins?month=2026-10");

        Assert.Equal("2026-11", en.GetProperty("month").GetString());
        Assert.Equal(["2026-11-26"], en.GetProperty("days").EnumerateArray().Select(d => d.GetString()));
        Assert.True(en.GetProperty("checkedInToday").GetBoolean());
        Assert.Equal(1, en.GetProperty("streak").GetInt32());
        Assert.Equal(7, en.GetProperty("nextBonus").GetProperty("streakDays").GetInt32());
        Assert.Equal(6, en.GetProperty("nextBonus").GetProperty("checkInsToGo").GetInt32());
        Assert.Contains("7", en.GetProperty("text").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh.GetProperty("text").GetString()!);
        Assert.Equal(0, october.GetProperty("days").GetArrayLength());
    }

    [Fact]
    public async Task Referrals_ShowTheCode_TheFriendsMasked_AndPageThem()
    {
        var code = (await ApiTestHost.JsonAsync(await app.RegisterAsync(client, "13700000008"))).GetProperty("referralCode").GetString();
        await app.RegisterAsync(client, "13700000081", referralCode: code);
        await app.RegisterAsync(client, "13700000082", referralCode: code);

        var first = await GetAsync("/api/v1/members/13700000008/referrals?limit=1", "en");
        var second = await GetAsync($"/api/v1/members/13700000008/referrals?limit=1&cursor={first.GetProperty("nextCursor").GetString()}", "en");

        Assert.Equal(code, first.GetProperty("code").GetString());
        Assert.Equal(2, first.GetProperty("friends").GetProperty("registered").GetInt32());
        Assert.Equal("137****0082", first.GetProperty("items")[0].GetProperty("phone").GetString());
        Assert.Equal("137****0081", second.GetProperty("items")[0].GetProperty("phone").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Tier_ShowsTheWholeLadder_TheMembersPlace_AndProgress_InTheCallersLanguage()
    {
        await app.RegisterAsync(client, "13700000009");
        await Post(ApiTestHost.Purchase("t9-1", "13700000009", 150, "T9-1", Now));

        var en = await GetAsync("/api/v1/members/13700000009/tier", "en");
        var zh = await GetAsync("/api/v1/members/13700000009/tier", "zh-CN");

        Assert.Equal(["regular", "silver", "gold", "diamond"], en.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("code").GetString()));
        Assert.Equal("regular", en.GetProperty("tier").GetString());
        Assert.True(en.GetProperty("tiers")[0].GetProperty("current").GetBoolean());
        Assert.Equal("silver", en.GetProperty("progress").GetProperty("nextTier").GetString());
        var spend = en.GetProperty("progress").GetProperty("conditions").EnumerateArray().First(c => c.GetProperty("kind").GetString() == "spend");
        Assert.Equal(200m, spend.GetProperty("threshold").GetDecimal());
        Assert.Equal(200m - spend.GetProperty("current").GetDecimal(), spend.GetProperty("missing").GetDecimal());
        Assert.NotEqual(en.GetProperty("tiers")[2].GetProperty("entryText").GetString(), zh.GetProperty("tiers")[2].GetProperty("entryText").GetString());
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh.GetProperty("progress").GetProperty("text").GetString()!);
    }

    [Fact]
    public async Task WithoutAcceptLanguage_TheMembersPreferredLanguageAnswers()
    {
        await app.RegisterAsync(client, "13700000010");
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync("/api/v1/members/13700000010",
            new { requestId = "lang-10", preferredLanguage = "zh-CN" })).StatusCode);

        var tier = await GetAsync("/api/v1/members/13700000010/tier");
        var card = await GetAsync("/api/v1/members/13700000010");

        Assert.Equal("zh-Hans", tier.GetProperty("language").GetString());
        Assert.Equal("zh-Hans", card.GetProperty("language").GetString());
        Assert.Equal("en", (await GetAsync("/api/v1/members/13700000010/tier", "en")).GetProperty("language").GetString());
    }

    private async Task Post(object activity) =>
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/events", activity)).StatusCode);

    private async Task<JsonElement> GetAsync(string url, string? language = null) => (await GetWithLanguageAsync(url, language)).Body;

    private async Task<(JsonElement Body, string? ContentLanguage)> GetWithLanguageAsync(string url, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode} {text}");
        return (JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentLanguage.FirstOrDefault());
    }
}

/// <summary>The tea-shop programme in force, and a registration pack of two coupons.</summary>
internal static class CentreSeed
{
    public static async Task TeaShopAsync(ApiTestHost app)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        if (await db.CouponPacks.AnyAsync())
            return;
        await app.Host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, ApiTestHost.Start.UtcDateTime.AddYears(-2));
        var tenOff = await CouponSeed.TemplateAsync(app.Factory, "¥10 off over ¥50", amount: 10, minimumSpend: 50);
        var appOnly = await CouponSeed.TemplateAsync(app.Factory, "App 10% off", CouponKind.PercentOff, percent: 10, channel: Channel.App);
        await CouponSeed.PackAsync(app.Factory, CouponPackTrigger.Registration, (tenOff, 1), (appOnly, 1));
    }
}
