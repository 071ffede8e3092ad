using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// An order id is the store's: a till that sends one twice (for whichever member) gets 409 order_exists and nothing is
/// written; a refund after the points were spent answers what it took and, apart, the shortfall.
/// </summary>
public sealed class ApiOrderTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    private Task<HttpResponseMessage> PurchaseAsync(HttpClient till, string eventId, string phone, decimal amount, string orderId) =>
        till.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase(eventId, phone, amount, orderId, Now));

    private async Task<long> BalanceAsync(string phone)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        return await db.Members.Where(m => m.Phone == phone).Select(m => m.PointsBalance).SingleAsync();
    }

    [Fact]
    public async Task AnOrderIdReused_ForAnotherMemberOfTheStore_Is409_AndWritesNothing()
    {
        await app.RegisterAsync(client, "13800000901");
        await app.RegisterAsync(client, "13800000902");
        Assert.Equal(HttpStatusCode.OK, (await PurchaseAsync(client, "oe-1", "13800000901", 50m, "POS-1001")).StatusCode);

        var reused = await PurchaseAsync(client, "oe-2", "13800000902", 80m, "POS-1001");

        await AssertProblemAsync(reused, HttpStatusCode.Conflict, "order_exists");
        Assert.Equal(0, await BalanceAsync("13800000902"));
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.MemberOrders.CountAsync(o => o.OrderId == "POS-1001"));
        Assert.False(await db.ProcessedEvents.AnyAsync(e => e.EventId.EndsWith(":oe-2")));
    }

    [Fact]
    public async Task AnOrderIdReused_ByTheSameMember_WithANewEventId_Is409_NotAServerError()
    {
        await app.RegisterAsync(client, "13800000903");
        await PurchaseAsync(client, "oe-3", "13800000903", 30m, "POS-1003");

        var again = await PurchaseAsync(client, "oe-3b", "13800000903", 30m, "POS-1003");

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "order_exists");
        Assert.Equal(30, await BalanceAsync("13800000903"));
    }

    [Fact]
    public async Task TheSameEventSentAgain_AnswersItsFirstResult_NotAConflict()
    {
        await app.RegisterAsync(client, "13800000904");
        await PurchaseAsync(client, "oe-4", "13800000904", 25m, "POS-1004");

        var repeat = await PurchaseAsync(client, "oe-4", "13800000904", 25m, "POS-1004");

        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        Assert.True((await ApiTestHost.JsonAsync(repeat)).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task TheSameOrderId_InAnotherStore_IsAnotherOrder()
    {
        await app.RegisterAsync(client, "13800000905");
        await app.RegisterAsync(client, "13800000906");
        await PurchaseAsync(client, "oe-5", "13800000905", 10m, "POS-1005");

        var otherStore = await PurchaseAsync(app.Client(app.KeyB), "oe-6", "13800000906", 10m, "POS-1005");

        Assert.Equal(HttpStatusCode.OK, otherStore.StatusCode);
    }

    [Fact]
    public async Task TheDatabase_RefusesASecondOrderWithTheSameIdInOneStore()
    {
        await app.RegisterAsync(client, "13800000907");
        await app.RegisterAsync(client, "13800000908");
        await PurchaseAsync(client, "oe-7", "13800000907", 10m, "POS-1007");
        await using var db = await app.Host.Services.CreateTestContextAsync(); // the app's own contexts refuse this write outright
        var first = await db.MemberOrders.AsNoTracking().SingleAsync(o => o.OrderId == "POS-1007");
        Assert.NotNull(first.StoreId);
        var other = await db.Members.Where(m => m.Phone == "13800000908").Select(m => m.Id).SingleAsync();

        db.MemberOrders.Add(new MemberOrder { MemberId = other, OrderId = "POS-1007", StoreId = first.StoreId, Amount = 1m, OccurredAtUtc = Now.UtcDateTime });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task PurchasesRacingWithOneOrderId_OneEarns_TheOthersAre409()
    {
        var phones = Enumerable.Range(10, 6).Select(i => $"138000009{i}").ToList();
        foreach (var phone in phones)
            await app.RegisterAsync(client, phone);

        var answers = await Task.WhenAll(phones.Select(p => PurchaseAsync(app.Client(app.KeyA), "race-" + p, p, 40m, "POS-RACE")));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.MemberOrders.CountAsync(o => o.OrderId == "POS-RACE"));
        Assert.Equal(40, await db.Members.Where(m => phones.Contains(m.Phone)).SumAsync(m => m.PointsBalance));
    }

    [Fact]
    public async Task ARefundAfterThePointsWereSpent_AnswersWhatItTook_AndTheShortfallApart()
    {
        const string phone = "13800000920";
        await app.RegisterAsync(client, phone);
        await PurchaseAsync(client, "oe-20", phone, 20m, "POS-1020");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "spend-20", phone, points = 15 })).StatusCode);
        var body = new { eventId = "oe-20r", type = "refund", phone, occurredAt = Now, orderId = "POS-1020", amount = 20m };

        var refund = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));
        var repeat = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));

        Assert.Equal(-5, refund.GetProperty("points").GetInt64());
        Assert.Equal(15, refund.GetProperty("shortfall").GetInt64());
        Assert.Equal(0, refund.GetProperty("balance").GetInt64());
        Assert.Equal(-5, repeat.GetProperty("points").GetInt64());
        Assert.Equal(15, repeat.GetProperty("shortfall").GetInt64());
        await using var db = await app.Factory.CreateDbContextAsync();
        var entry = await db.PointsEntries.SingleAsync(e => e.Kind == PointsEntryKind.Reverse && e.OrderId == "POS-1020");
        Assert.Equal((-5, 15), (entry.Points, entry.Shortfall));
    }

    [Fact]
    public async Task ARefundWithPointsToSpare_HasNoShortfall()
    {
        const string phone = "13800000921";
        await app.RegisterAsync(client, phone);
        await PurchaseAsync(client, "oe-21", phone, 50m, "POS-1021");

        var refund = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events",
            new { eventId = "oe-21r", type = "refund", phone, occurredAt = Now, orderId = "POS-1021", amount = 20m }));

        Assert.Equal(-20, refund.GetProperty("points").GetInt64());
        Assert.Equal(0, refund.GetProperty("shortfall").GetInt64());
    }
}
