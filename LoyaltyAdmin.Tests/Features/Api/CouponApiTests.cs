using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// Coupons over the API: a member registered through it receives the registration pack (once), lists it as active
/// coupons, and the POS writes them off idempotently. Its own host, since the registration pack changes every registration.
/// </summary>
public sealed class CouponApiTests(ApiTestHost app) : IClassFixture<ApiTestHost>, IAsyncLifetime
{
    private readonly HttpClient client = app.Client(app.KeyA);

    public async Task InitializeAsync()
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        if (await db.CouponPacks.AnyAsync())
            return;
        var tenOff = await CouponSeed.TemplateAsync(app.Factory, "¥10 off over ¥50", amount: 10, minimumSpend: 50);
        var appOnly = await CouponSeed.TemplateAsync(app.Factory, "App 10% off", CouponKind.PercentOff, percent: 10, channel: Channel.App);
        await CouponSeed.PackAsync(app.Factory, CouponPackTrigger.Registration, (tenOff, 1), (appOnly, 1));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Dictionary<string, string>> RegisterAsync(string phone)
    {
        var response = await app.RegisterAsync(client, phone);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var coupons = (await ApiTestHost.JsonAsync(response)).GetProperty("activeCoupons").EnumerateArray().ToList();
        return coupons.ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("code").GetString()!);
    }

    private Task<HttpResponseMessage> RedeemAsync(string code, string requestId, decimal amount, string channel = "store") =>
        client.PostAsJsonAsync($"/api/v1/coupons/{code}/redeem", new { requestId, amount, channel, orderId = "POS-" + requestId });

    [Fact]
    public async Task Registering_ThroughTheApi_IssuesTheRegistrationPackOnce_AndListsItsActiveCoupons()
    {
        var coupons = await RegisterAsync("13900000001");
        var again = await app.RegisterAsync(client, "13900000001");

        Assert.Equal(["App 10% off", "¥10 off over ¥50"], coupons.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await using var db = await app.Factory.CreateDbContextAsync();
        var memberId = await db.Members.Where(m => m.Phone == "13900000001").Select(m => m.Id).SingleAsync();
        Assert.Equal(2, await db.Coupons.CountAsync(c => c.MemberId == memberId));
        var expires = (await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13900000001"))).GetProperty("activeCoupons")[0].GetProperty("expiresAtUtc").GetDateTime();
        Assert.Equal(new DateTime(2026, 12, 25, 16, 0, 0, DateTimeKind.Utc), expires.ToUniversalTime()); // 30 merchant days, ending at Shanghai midnight
    }

    [Fact]
    public async Task Redeem_WritesOffOnce_SameRequestAnswersTheFirstResult_AnotherRequestIsConflict()
    {
        var code = (await RegisterAsync("13900000002"))["¥10 off over ¥50"];

        var first = await RedeemAsync(code, "w-1", 58m);
        var again = await RedeemAsync(code, "w-1", 58m);
        var other = await RedeemAsync(code, "w-2", 58m);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await ApiTestHost.JsonAsync(first);
        Assert.Equal((10m, false), (body.GetProperty("discount").GetDecimal(), body.GetProperty("duplicate").GetBoolean()));
        Assert.True((await ApiTestHost.JsonAsync(again)).GetProperty("duplicate").GetBoolean());
        await AssertProblemAsync(other, HttpStatusCode.Conflict, "coupon_already_redeemed");
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13900000002"));
        Assert.Equal(1, member.GetProperty("activeCoupons").GetArrayLength());
    }

    [Fact]
    public async Task Redeem_BelowTheMinimumSpend_OrInTheWrongChannel_IsUnprocessable_WithTheReason()
    {
        var coupons = await RegisterAsync("13900000003");

        var below = await RedeemAsync(coupons["¥10 off over ¥50"], "w-3", 30m);
        var wrongChannel = await RedeemAsync(coupons["App 10% off"], "w-4", 30m, "store");
        var inApp = await RedeemAsync(coupons["App 10% off"], "w-5", 30m, "app");

        await AssertProblemAsync(below, HttpStatusCode.UnprocessableEntity, "coupon_not_valid");
        Assert.Contains("minimum", (await ApiTestHost.JsonAsync(below)).GetProperty("detail").GetString());
        await AssertProblemAsync(wrongChannel, HttpStatusCode.UnprocessableEntity, "coupon_not_valid");
        Assert.Contains("app only", (await ApiTestHost.JsonAsync(wrongChannel)).GetProperty("detail").GetString());
        Assert.Equal(3m, (await ApiTestHost.JsonAsync(inApp)).GetProperty("discount").GetDecimal());
    }
}
