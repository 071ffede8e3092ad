using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>PATCH /members/{phone}: the profile screen's changes, audited, idempotent, birthday once, consent recorded.</summary>
public sealed class MemberProfileApiTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);

    private Task<HttpResponseMessage> PatchAsync(string phone, object body, HttpClient? by = null) =>
        (by ?? client).PatchAsJsonAsync($"/api/v1/members/{phone}", body);

    [Fact]
    public async Task Patch_ChangesTheFieldsSent_AuditedAsTheKeysStore_AndPublished()
    {
        await app.RegisterAsync(client, "13600000001");

        var response = await PatchAsync("13600000001", new
        {
            requestId = "p1", name = "Han Meimei", birthday = "1995-03-08", preferredLanguage = "zh-CN", marketingConsent = true,
            consentWordingVersion = "2026-11",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiTestHost.JsonAsync(response);
        Assert.Equal(["name", "birthday", "preferredLanguage", "marketingConsent"], body.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        Assert.False(body.GetProperty("duplicate").GetBoolean());
        Assert.Equal("zh-Hans", body.GetProperty("preferredLanguage").GetString());
        await using var db = await app.Factory.CreateDbContextAsync();
        var member = await db.Members.SingleAsync(m => m.Phone == "13600000001");
        Assert.Equal(("Han Meimei", new DateOnly(1995, 3, 8), "zh-Hans"), (member.Name, member.Birthday!.Value, member.PreferredLanguage));
        Assert.True(member.MarketingConsent);
        Assert.Equal(("mini_program", "2026-11"), (member.ConsentSource, member.ConsentWordingVersion));
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, member.ConsentChangedAtUtc);
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "member.updated" && a.EntityId == member.Id.ToString());
        Assert.Equal("api:A", audit.UserName);
        Assert.Contains("Han Meimei", audit.After);
        var events = await db.OutboxEvents.Where(e => e.MemberId == member.Id && e.Type == BusinessEvents.MemberProfileChanged).ToListAsync();
        Assert.Contains(events, e => e.Payload.Contains("marketingConsent"));
        Assert.DoesNotContain(events, e => e.Payload.Contains("Han Meimei"));
    }

    [Fact]
    public async Task Patch_SameRequestIdAgain_AnswersTheFirstResult_AnotherBodyIsConflict()
    {
        await app.RegisterAsync(client, "13600000002");
        var body = new { requestId = "p2", name = "Lily" };

        var first = await PatchAsync("13600000002", body);
        var again = await PatchAsync("13600000002", body);
        var other = await PatchAsync("13600000002", new { requestId = "p2", name = "Lucy" });

        Assert.Equal(["name"], (await ApiTestHost.JsonAsync(first)).GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        var repeated = await ApiTestHost.JsonAsync(again);
        Assert.True(repeated.GetProperty("duplicate").GetBoolean());
        Assert.Equal(["name"], repeated.GetProperty("changed").EnumerateArray().Select(c => c.GetString()));
        await AssertProblemAsync(other, HttpStatusCode.Conflict, "idempotency_conflict");
        await using var db = await app.Factory.CreateDbContextAsync();
        var member = await db.Members.SingleAsync(m => m.Phone == "13600000002");
        Assert.Equal("Lily", member.Name);
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "member.updated" && a.EntityId == member.Id.ToString()));
    }

    [Fact]
    public async Task Patch_BirthdayIsSetOnce_TheSameDayAgainIsFine_AnotherDayIsConflict()
    {
        await app.RegisterAsync(client, "13600000003");

        Assert.Equal(HttpStatusCode.OK, (await PatchAsync("13600000003", new { requestId = "b1", birthday = "1990-01-02" })).StatusCode);
        var same = await PatchAsync("13600000003", new { requestId = "b2", birthday = "1990-01-02" });
        var other = await PatchAsync("13600000003", new { requestId = "b3", birthday = "1991-01-02" });

        Assert.Equal(0, (await ApiTestHost.JsonAsync(same)).GetProperty("changed").GetArrayLength());
        await AssertProblemAsync(other, HttpStatusCode.Conflict, "birthday_already_set");
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(new DateOnly(1990, 1, 2), await db.Members.Where(m => m.Phone == "13600000003").Select(m => m.Birthday).SingleAsync());
    }

    [Fact]
    public async Task Patch_WithdrawingConsent_RecordsWhenAndWhere()
    {
        await app.RegisterAsync(client, "13600000004");
        await PatchAsync("13600000004", new { requestId = "c1", marketingConsent = true, consentWordingVersion = "v1" });

        var response = await PatchAsync("13600000004", new { requestId = "c2", marketingConsent = false, channel = "app" });

        var body = await ApiTestHost.JsonAsync(response);
        Assert.False(body.GetProperty("marketingConsent").GetBoolean());
        Assert.Equal("app", body.GetProperty("consentSource").GetString());
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, body.GetProperty("consentChangedAtUtc").GetDateTime().ToUniversalTime());
    }

    [Theory]
    [InlineData("""{"requestId":"v1"}""", "")]
    [InlineData("""{"name":"No id"}""", "requestId")]
    [InlineData("""{"requestId":"v2","preferredLanguage":"fr"}""", "preferredLanguage")]
    [InlineData("""{"requestId":"v3","marketingConsent":true}""", "consentWordingVersion")]
    [InlineData("""{"requestId":"v4","birthday":"2099-01-01"}""", "birthday")]
    [InlineData("""{"requestId":"v5","channel":"fax","marketingConsent":false}""", "channel")]
    public async Task Patch_BadBodies_Are400ProblemJson_NamingTheField(string json, string field)
    {
        await app.RegisterAsync(client, "13600000005");

        var response = await client.PatchAsync("/api/v1/members/13600000005", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", field);
    }

    [Fact]
    public async Task Patch_UnknownField_Is400_UnknownMemberIs404_NoKeyIs401()
    {
        var unknownField = await client.PatchAsync("/api/v1/members/13600000006",
            new StringContent("""{"requestId":"u1","nickname":"x"}""", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal("application/problem+json", unknownField.Content.Headers.ContentType?.MediaType);
        await AssertProblemAsync(await PatchAsync("13600000006", new { requestId = "u2", name = "Nobody" }), HttpStatusCode.NotFound, "member_not_found");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PatchAsync("13600000006", new { requestId = "u3", name = "x" }, app.Client(null))).StatusCode);
    }

    [Fact]
    public async Task Patch_ByAnotherStoresKey_ServesTheMember_AuditedAsThatStore()
    {
        await app.RegisterAsync(client, "13600000007"); // store A's member

        var response = await PatchAsync("13600000007", new { requestId = "s1", name = "Served by B" }, app.Client(app.KeyB));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.Factory.CreateDbContextAsync();
        var id = (await db.Members.SingleAsync(m => m.Phone == "13600000007")).Id.ToString();
        Assert.Equal("api:B", (await db.AuditLog.SingleAsync(a => a.Action == "member.updated" && a.EntityId == id)).UserName);
    }
}
