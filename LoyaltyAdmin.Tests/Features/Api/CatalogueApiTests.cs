using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Catalogue;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// POST /api/v1/redemptions with an itemCode redeems that catalogue item at the server's price; GET /api/v1/catalogue.
/// The host's clock is Wednesday 16:00 UTC, already Thursday in Shanghai.
/// </summary>
public sealed class CatalogueApiTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);

    private async Task MemberWithPointsAsync(string phone, long points)
    {
        await app.RegisterAsync(client, phone);
        await using var db = await app.Factory.CreateDbContextAsync();
        var id = await db.Members.Where(m => m.Phone == phone).Select(m => m.Id).SingleAsync();
        var adjusted = await app.Host.Services.GetRequiredService<PointsLedgerService>()
            .AdjustAsync(MembersFixture.Owner, new AdjustPointsModel { MemberId = id, Points = points, Reason = AdjustmentReason.Goodwill });
        Assert.Equal(AdjustOutcome.Applied, adjusted.Outcome);
    }

    [Fact]
    public async Task RedeemByItemCode_ChargesTheMemberDayPrice_OfTheMerchantsDay_AndIsIdempotent()
    {
        await MemberWithPointsAsync("13900000001", 1000);
        await CatalogueTestData.ItemAsync(app.Factory, "API-TOTE", 800, stock: 5, memberDay: DayOfWeek.Thursday, discount: 20, cash: 5m);
        var body = new { requestId = "cat-1", phone = "13900000001", itemCode = "api-tote" };

        var first = await client.PostAsJsonAsync("/api/v1/redemptions", body);
        var again = await client.PostAsJsonAsync("/api/v1/redemptions", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var answer = await ApiTestHost.JsonAsync(first);
        Assert.Equal(640, answer.GetProperty("points").GetInt64());
        Assert.Equal(800, answer.GetProperty("regularPoints").GetInt64());
        Assert.Equal(20, answer.GetProperty("discountPercent").GetInt32());
        Assert.Equal(5m, answer.GetProperty("cash").GetDecimal());
        Assert.Equal(360, answer.GetProperty("balance").GetInt64());
        var repeat = await ApiTestHost.JsonAsync(again);
        Assert.True(repeat.GetProperty("duplicate").GetBoolean());
        Assert.Equal((640, 360), (repeat.GetProperty("points").GetInt64(), repeat.GetProperty("balance").GetInt64()));
        await using var db = await app.Factory.CreateDbContextAsync();
        var redemption = await db.CatalogueRedemptions.SingleAsync(r => r.ItemCode == "API-TOTE");
        Assert.Equal(("api:A", "A"), (redemption.ByName, await db.Stores.Where(s => s.Id == redemption.StoreId).Select(s => s.Code).SingleAsync()));
    }

    [Fact]
    public async Task RedeemByItemCode_AnswersProblems_ForUnknownItems_EmptyStock_ShownPriceAndLimit()
    {
        await MemberWithPointsAsync("13900000002", 5000);
        await CatalogueTestData.ItemAsync(app.Factory, "API-ONE", 100, stock: 1, perMember: 5);
        await CatalogueTestData.ItemAsync(app.Factory, "API-LIMIT", 100, perMember: 1);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2a", phone = "13900000002", itemCode = "API-ONE" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2b", phone = "13900000002", itemCode = "API-LIMIT", points = 100 })).StatusCode);

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2c", phone = "13900000002", itemCode = "NOPE" }),
            HttpStatusCode.UnprocessableEntity, "unknown_item", "itemCode");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2d", phone = "13900000002", itemCode = "API-ONE" }),
            HttpStatusCode.Conflict, "out_of_stock");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2e", phone = "13900000002", itemCode = "API-LIMIT" }),
            HttpStatusCode.UnprocessableEntity, "limit_reached");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "cat-2f", phone = "13900000002", itemCode = "API-LIMIT", points = 90 }),
            HttpStatusCode.Conflict, "price_changed");
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13900000002"));
        Assert.Equal(4800, member.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task PointsPayment_PaysPartOfTheOrder_AtTheRate_WithinItsShare()
    {
        await MemberWithPointsAsync("13900000003", 10_000);
        var saved = await app.Host.Services.GetRequiredService<PointsPaymentService>()
            .SaveAsync(MembersFixture.Owner, new PointsPaymentModel { Enabled = true, PointsPerUnit = 100, MinimumPoints = 100, MaxSharePercent = 50 });
        Assert.True(saved.Succeeded);

        var paid = await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "pay-1", phone = "13900000003", points = 2500, orderId = "O-1", orderAmount = 60m });
        var tooMuch = await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "pay-2", phone = "13900000003", points = 3001, orderId = "O-2", orderAmount = 60m });
        var noOrder = await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "pay-3", phone = "13900000003", points = 500, orderAmount = 60m });

        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        var answer = await ApiTestHost.JsonAsync(paid);
        Assert.Equal((25m, 7500L), (answer.GetProperty("amountPaid").GetDecimal(), answer.GetProperty("balance").GetInt64()));
        await AssertProblemAsync(tooMuch, HttpStatusCode.UnprocessableEntity, "above_share");
        await AssertProblemAsync(noOrder, HttpStatusCode.BadRequest, "validation_failed", "orderId");
    }

    [Fact]
    public async Task Catalogue_ListsWhatCanBeRedeemedToday_AtTodaysPrice()
    {
        await CatalogueTestData.ItemAsync(app.Factory, "API-LIST", 500, memberDay: DayOfWeek.Thursday, discount: 10);

        var response = await client.GetAsync("/api/v1/catalogue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await ApiTestHost.JsonAsync(response)).EnumerateArray().ToList();
        var item = Assert.Single(items, i => i.GetProperty("code").GetString() == "API-LIST");
        Assert.Equal((450, 500), (item.GetProperty("points").GetInt64(), item.GetProperty("regularPoints").GetInt64()));
        Assert.Equal("goods", item.GetProperty("kind").GetString());
    }
}
