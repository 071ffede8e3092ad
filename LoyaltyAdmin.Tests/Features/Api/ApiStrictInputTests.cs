using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// Bodies are read as strictly as the programme document: JSON only, the documented names exactly, each field once;
/// an instant carries its offset. Every refusal is a 400 (or 415) problem naming the field, and nothing is written.
/// </summary>
public sealed class ApiStrictInputTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);

    private const string Phone = "13800000801";

    private static string Purchase(string eventId, string occurredAt = "2026-11-25T15:00:00+00:00", string extra = "") =>
        $"{{\"eventId\":\"{eventId}\",\"type\":\"purchase\",\"phone\":\"{Phone}\",\"occurredAt\":\"{occurredAt}\",\"orderId\":\"o-{eventId}\",\"amount\":10{extra}}}";

    private Task<HttpResponseMessage> PostAsync(string json, string? contentType = "application/json", string path = "/api/v1/events")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return client.PostAsync(path, content);
    }

    private async Task AssertNothingWrittenAsync(string eventId)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.False(await db.ProcessedEvents.AnyAsync(e => e.EventId.EndsWith(":" + eventId)));
        Assert.False(await db.MemberOrders.AnyAsync(o => o.OrderId == "o-" + eventId));
    }

    [Theory]
    [InlineData("s-unknown", ",\"discount\":5", "discount")]
    [InlineData("s-case", ",\"OrderId\":\"x\"", "OrderId")]
    [InlineData("s-case2", ",\"AMOUNT\":3", "AMOUNT")]
    public async Task AnUnknownOrWrongCaseField_Is400NamingIt(string eventId, string extra, string field)
    {
        await app.RegisterAsync(client, Phone);

        var response = await PostAsync(Purchase(eventId, extra: extra));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "unknown_field", field);
        await AssertNothingWrittenAsync(eventId);
    }

    [Fact]
    public async Task AWrongCaseField_SaysWhichNameIsMeant()
    {
        var text = await (await PostAsync(Purchase("s-hint", extra: ",\"OrderID\":\"x\""))).Content.ReadAsStringAsync();

        Assert.Contains("did you mean 'orderId'?", text);
    }

    [Theory]
    [InlineData("s-dup", ",\"amount\":1000", "amount")]
    [InlineData("s-dup2", ",\"phone\":\"13800000802\"", "phone")]
    public async Task AFieldSentTwice_Is400NamingIt(string eventId, string extra, string field)
    {
        await app.RegisterAsync(client, Phone);

        var response = await PostAsync(Purchase(eventId, extra: extra));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "duplicate_field", field);
        await AssertNothingWrittenAsync(eventId);
    }

    [Theory]
    [InlineData("/api/v1/members", "{\"requestId\":\"s-m\",\"phone\":\"13800000803\",\"name\":\"A\",\"nickname\":\"x\"}", "nickname")]
    [InlineData("/api/v1/redemptions", "{\"requestId\":\"s-r\",\"phone\":\"13800000801\",\"points\":1,\"Points\":2}", "Points")]
    [InlineData("/api/v1/coupons/NOPE2345/redeem", "{\"requestId\":\"s-c\",\"amount\":1,\"discount\":1}", "discount")]
    [InlineData("/api/v1/referrals/visits", "{\"referralCode\":\"X\",\"ReferralCode\":\"Y\"}", "ReferralCode")]
    public async Task EveryBody_IsReadStrictly(string path, string json, string field)
    {
        await AssertProblemAsync(await PostAsync(json, path: path), HttpStatusCode.BadRequest, "unknown_field", field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task ABodyThatIsNotApplicationJson_Is415(string? contentType)
    {
        await app.RegisterAsync(client, Phone);

        var response = await PostAsync(Purchase("s-415"), contentType);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await AssertNothingWrittenAsync("s-415");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task TheProgrammeDocument_WithoutApplicationJson_Is415(string? contentType)
    {
        var json = await client.GetStringAsync("/api/v1/program");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await client.PutAsync("/api/v1/program", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("2026-11-25", "s-date")]
    [InlineData("2026-11-25T15:00:00", "s-local")]
    [InlineData("2026-11-25T15:00", "s-local2")]
    [InlineData("2026-11-25 15:00:00+08:00", "s-space")]
    public async Task OccurredAt_WithoutAnOffset_Is400_AndEarnsNothing(string occurredAt, string eventId)
    {
        await app.RegisterAsync(client, Phone);

        var response = await PostAsync(Purchase(eventId, occurredAt));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "wrong_type", "occurredAt");
        Assert.Contains("offset", await response.Content.ReadAsStringAsync());
        await AssertNothingWrittenAsync(eventId);
    }

    [Theory]
    [InlineData("2026-11-25T15:00:00Z", "s-z")]
    [InlineData("2026-11-25T23:00:00+08:00", "s-cn")]
    [InlineData("2026-11-25T10:00:00.123-05:00", "s-us")]
    public async Task OccurredAt_WithAnOffset_IsAccepted(string occurredAt, string eventId)
    {
        await app.RegisterAsync(client, Phone);

        var response = await PostAsync(Purchase(eventId, occurredAt));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
