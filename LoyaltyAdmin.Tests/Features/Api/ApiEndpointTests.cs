using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>Each endpoint's happy path and its errors, and idempotency, through the real host.</summary>
public sealed class ApiEndpointTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);
    private DateTimeOffset Now => app.Clock.GetUtcNow();

    [Fact]
    public async Task RegisterMember_AnswersTheMember_InTheFirstTier()
    {
        var response = await app.RegisterAsync(client, "+86 138-0000-0001");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var member = await ApiTestHost.JsonAsync(response);
        Assert.Equal("13800000001", member.GetProperty("phone").GetString());
        Assert.Equal("regular", member.GetProperty("tier").GetString());
        Assert.Equal(0, member.GetProperty("points").GetInt64());
        Assert.Equal(0, member.GetProperty("activeCoupons").GetArrayLength());
        Assert.Equal(8, member.GetProperty("referralCode").GetString()!.Length);
    }

    [Fact]
    public async Task RegisterMember_GoesThroughTheMembersRegistration_AuditedAsTheKeysStore()
    {
        await app.RegisterAsync(client, "13800000008");

        await using var db = await app.Factory.CreateDbContextAsync();
        var member = await db.Members.SingleAsync(m => m.Phone == "13800000008");
        Assert.Single(await db.TierHistory.Where(t => t.MemberId == member.Id && t.Change == TierChangeKind.Initial).ToListAsync());
        Assert.Equal("api:A", (await db.AuditLog.SingleAsync(a => a.Action == "member.registered" && a.EntityId == member.Id.ToString())).UserName);
        Assert.Equal("A", await db.Stores.Where(s => s.Id == member.HomeStoreId).Select(s => s.Code).SingleAsync());
    }

    [Fact]
    public async Task RegisterMember_SameRequestIdTwice_AnswersTheFirstResult_DifferentBodyIsConflict()
    {
        var first = await app.RegisterAsync(client, "13800000002", "reg-2");
        var again = await app.RegisterAsync(client, "13800000002", "reg-2");
        var changed = await app.RegisterAsync(client, "13800000002", "reg-2", name: "Han Meimei");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal((await ApiTestHost.JsonAsync(first)).GetProperty("referralCode").GetString(), (await ApiTestHost.JsonAsync(again)).GetProperty("referralCode").GetString());
        await AssertProblemAsync(changed, HttpStatusCode.Conflict, "idempotency_conflict");
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Members.CountAsync(m => m.Phone == "13800000002"));
    }

    [Fact]
    public async Task RegisterMember_PhoneAlreadyRegistered_IsConflict()
    {
        await app.RegisterAsync(client, "13800000003", "reg-3a");

        await AssertProblemAsync(await app.RegisterAsync(client, "13800000003", "reg-3b"), HttpStatusCode.Conflict, "member_exists");
    }

    [Fact]
    public async Task RegisterMember_WithAReferralCode_RecordsTheReferrer_UnknownCodeIsAFieldError()
    {
        var referrer = await ApiTestHost.JsonAsync(await app.RegisterAsync(client, "13800000004"));
        var code = referrer.GetProperty("referralCode").GetString();

        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(client, "13800000005", referralCode: code)).StatusCode);
        var unknown = await app.RegisterAsync(client, "13800000006", referralCode: "NOPE2345");

        await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "unknown_referral_code", "referralCode");
        await using var db = await app.Factory.CreateDbContextAsync();
        var referrerId = await db.Members.Where(m => m.Phone == "13800000004").Select(m => m.Id).SingleAsync();
        Assert.Equal(referrerId, await db.Members.Where(m => m.Phone == "13800000005").Select(m => m.ReferredByMemberId).SingleAsync());
    }

    [Fact]
    public async Task RegisterMember_AfterAnUnknownReferralCode_TheCorrectedBodyMayReuseTheRequestId()
    {
        await AssertProblemAsync(await app.RegisterAsync(client, "13800000007", "reg-7", referralCode: "NOPE2345"), HttpStatusCode.BadRequest, "unknown_referral_code");

        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(client, "13800000007", "reg-7")).StatusCode);
    }

    [Fact]
    public async Task GetMember_UnknownPhone_Is404_BadPhoneIsAFieldError()
    {
        await AssertProblemAsync(await client.GetAsync("/api/v1/members/13899999999"), HttpStatusCode.NotFound, "member_not_found");
        await AssertProblemAsync(await client.GetAsync("/api/v1/members/12345"), HttpStatusCode.BadRequest, "validation_failed", "phone");
    }

    [Fact]
    public async Task Purchase_AwardsPointsPerRule_AndTheMemberShowsThem()
    {
        await app.RegisterAsync(client, "13800000010");

        var response = await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-10", "13800000010", 128.50m, "o-10", Now));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await ApiTestHost.JsonAsync(response);
        Assert.Equal(128, result.GetProperty("points").GetInt64());
        Assert.Equal(128, result.GetProperty("balance").GetInt64());
        Assert.Equal("purchase", result.GetProperty("rules")[0].GetProperty("ruleId").GetString());
        Assert.False(result.GetProperty("duplicate").GetBoolean());
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13800000010"));
        Assert.Equal(128, member.GetProperty("points").GetInt64());
        Assert.Equal(128.50m, member.GetProperty("lifetimeSpend").GetDecimal());
    }

    [Fact]
    public async Task Purchase_SameEventIdTwice_AwardsOnce_AndAnswersTheOriginalResult()
    {
        await app.RegisterAsync(client, "13800000011");
        var body = ApiTestHost.Purchase("e-11", "13800000011", 50m, "o-11", Now);

        var first = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));
        var again = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events", body));

        Assert.Equal(first.GetProperty("points").GetInt64(), again.GetProperty("points").GetInt64());
        Assert.Equal(first.GetProperty("balance").GetInt64(), again.GetProperty("balance").GetInt64());
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13800000011"));
        Assert.Equal(50, member.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task Purchase_SameEventIdWithADifferentBody_IsConflict_AndAwardsNothingMore()
    {
        await app.RegisterAsync(client, "13800000012");
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-12", "13800000012", 50m, "o-12", Now));

        var changed = await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-12", "13800000012", 500m, "o-12", Now));

        await AssertProblemAsync(changed, HttpStatusCode.Conflict, "idempotency_conflict");
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13800000012"));
        Assert.Equal(50, member.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task Refund_RefusedByTheLedger_ClaimsNothing_SoTheCorrectedEventMayReuseItsId()
    {
        await app.RegisterAsync(client, "13800000016");
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-16", "13800000016", 100m, "o-16", Now));

        var wrongOrder = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-16r", type = "refund", phone = "13800000016", occurredAt = Now, orderId = "o-61", amount = 40m });
        var corrected = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-16r", type = "refund", phone = "13800000016", occurredAt = Now, orderId = "o-16", amount = 40m });
        var changedAgain = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-16r", type = "refund", phone = "13800000016", occurredAt = Now, orderId = "o-16", amount = 50m });

        await AssertProblemAsync(wrongOrder, HttpStatusCode.UnprocessableEntity, "unknown_order");
        Assert.Equal(60, (await ApiTestHost.JsonAsync(corrected)).GetProperty("balance").GetInt64());
        await AssertProblemAsync(changedAgain, HttpStatusCode.Conflict, "idempotency_conflict");
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.ProcessedEvents.CountAsync(e => e.EventId.EndsWith(":e-16r")));
    }

    [Fact]
    public async Task Purchase_SameEventIdSentAtOnceWithTwoBodies_OneBodyWins_TheOtherIsConflict()
    {
        await app.RegisterAsync(client, "13800000017");

        var sent = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-17", "13800000017", i % 2 == 0 ? 50m : 500m, "o-17", Now))));

        var answers = sent.Select((r, i) => (Amount: i % 2 == 0 ? 50 : 500, r.StatusCode)).ToList();
        var winner = answers.First(a => a.StatusCode == HttpStatusCode.OK).Amount;
        Assert.All(answers, a => Assert.Equal(a.Amount == winner ? HttpStatusCode.OK : HttpStatusCode.Conflict, a.StatusCode));
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13800000017"));
        Assert.Equal(winner, member.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task Purchase_ForAnUnknownMember_Is404()
    {
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-13", "13800000013", 5m, "o-13", Now)),
            HttpStatusCode.NotFound, "member_not_found");
    }

    [Fact]
    public async Task Refund_ReversesInProportion_UnknownOrderIs422()
    {
        await app.RegisterAsync(client, "13800000014");
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-14", "13800000014", 100m, "o-14", Now));

        var refund = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-14r", type = "refund", phone = "13800000014", occurredAt = Now, orderId = "o-14", amount = 40m });
        var unknown = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-14x", type = "refund", phone = "13800000014", occurredAt = Now, orderId = "nope", amount = 1m });

        var result = await ApiTestHost.JsonAsync(refund);
        Assert.Equal(-40, result.GetProperty("points").GetInt64());
        Assert.Equal(60, result.GetProperty("balance").GetInt64());
        await AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity, "unknown_order");
    }

    [Theory]
    [InlineData("checkin", null)]
    [InlineData("share", null)]
    [InlineData("review", "o-15")]
    [InlineData("profile_completed", null)]
    public async Task OtherActivityTypes_AreAccepted(string type, string? orderId)
    {
        var phone = "1380000002" + (type.Length % 10);
        await app.RegisterAsync(client, phone, "reg-" + type);

        var response = await client.PostAsJsonAsync("/api/v1/events", new { eventId = "e-" + type, type, phone, occurredAt = Now, orderId, reference = type == "share" ? "friend-1" : null });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await ApiTestHost.JsonAsync(response)).GetProperty("points").GetInt64()); // the minimal programme has only a purchase rule
    }

    [Fact]
    public async Task Redemption_SpendsPoints_IsIdempotent_AndNeverOverdraws()
    {
        await app.RegisterAsync(client, "13800000030");
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-30", "13800000030", 100m, "o-30", Now));
        var body = new { requestId = "r-30", phone = "13800000030", points = 70 }; // no itemCode: points only

        var first = await client.PostAsJsonAsync("/api/v1/redemptions", body);
        var again = await client.PostAsJsonAsync("/api/v1/redemptions", body);
        var overdraw = await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "r-31", phone = "13800000030", points = 31 });

        Assert.Equal(30, (await ApiTestHost.JsonAsync(first)).GetProperty("balance").GetInt64());
        Assert.True((await ApiTestHost.JsonAsync(again)).GetProperty("duplicate").GetBoolean());
        await AssertProblemAsync(overdraw, HttpStatusCode.UnprocessableEntity, "insufficient_points");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "r-30", phone = "13800000030", points = 71 }),
            HttpStatusCode.Conflict, "idempotency_conflict");
        var member = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13800000030"));
        Assert.Equal(30, member.GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task CouponWriteOff_UnknownCode_IsNotFound()
    {
        var response = await client.PostAsJsonAsync("/api/v1/coupons/TEA10ABCDEFG/redeem", new { requestId = "c-1", amount = 20 });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "coupon_not_found");
    }

    [Fact]
    public async Task Events_GoThroughTheLedger_BalanceEqualsTheSumOfEntries()
    {
        await app.RegisterAsync(client, "13800000040");
        for (var i = 0; i < 3; i++)
            await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-40-" + i, "13800000040", 10m + i, "o-40-" + i, Now));

        await using var db = await app.Factory.CreateDbContextAsync();
        var member = await db.Members.SingleAsync(m => m.Phone == "13800000040");
        Assert.Equal(33, member.PointsBalance);
        Assert.Equal(member.PointsBalance, await db.PointsEntries.Where(e => e.MemberId == member.Id).SumAsync(e => e.Points));
        Assert.Equal(3, await db.ProcessedEvents.CountAsync(e => e.MemberId == member.Id && e.Type == nameof(ActivityType.Purchase)));
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
