using System.Net;
using System.Net.Http.Json;
using System.Text;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>Bad input answers problem+json with field errors and writes nothing.</summary>
public sealed class ApiValidationTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);

    private Task<HttpResponseMessage> PostRawAsync(string json, string path = "/api/v1/events") =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task MalformedJson_IsA400Problem()
    {
        await AssertProblemAsync(await PostRawAsync("{\"eventId\": \"x\", "), HttpStatusCode.BadRequest, "malformed_json");
        await AssertProblemAsync(await PostRawAsync("[1, 2]"), HttpStatusCode.BadRequest, "malformed_json");
        await AssertProblemAsync(await PostRawAsync(""), HttpStatusCode.BadRequest, "malformed_json");
    }

    [Theory]
    [InlineData("{\"eventId\":\"w1\",\"type\":\"purchase\",\"phone\":\"13800000001\",\"occurredAt\":\"2026-11-25T16:00:00Z\",\"orderId\":\"o\",\"amount\":\"lots\"}", "amount")]
    [InlineData("{\"eventId\":\"w2\",\"type\":\"purchase\",\"phone\":\"13800000001\",\"occurredAt\":\"yesterday\",\"orderId\":\"o\",\"amount\":1}", "occurredAt")]
    [InlineData("{\"eventId\":42,\"type\":\"purchase\",\"phone\":\"13800000001\",\"occurredAt\":\"2026-11-25T16:00:00Z\",\"orderId\":\"o\",\"amount\":1}", "eventId")]
    public async Task WrongTypes_AreFieldErrors(string json, string field)
    {
        await AssertProblemAsync(await PostRawAsync(json), HttpStatusCode.BadRequest, "wrong_type", field);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here")]
    [InlineData("POST", "/api/v2/events")]
    [InlineData("GET", "/api/v1/events")]
    public async Task AnUnknownPathOrMethod_IsAProblem_NotTheConsolesHtmlPage(string method, string path)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HugePayload_Is413()
    {
        var huge = "{\"eventId\":\"" + new string('x', 200_000) + "\"}";

        await AssertProblemAsync(await PostRawAsync(huge), HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Theory]
    [InlineData(-1, "amount")]
    [InlineData(1_000_001, "amount")]
    [InlineData(1.234, "amount")]
    public async Task AmountsOutsideTheLimits_AreFieldErrors(decimal amount, string field)
    {
        var body = ApiTestHost.Purchase("bad-amount", "13800000001", amount, "o-1", app.Clock.GetUtcNow());

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", body), HttpStatusCode.BadRequest, "validation_failed", field);
    }

    [Fact]
    public async Task OccurredAt_FarInTheFuture_OrLongAgo_IsAFieldError()
    {
        var future = ApiTestHost.Purchase("future", "13800000001", 1m, "o-1", new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ancient = ApiTestHost.Purchase("ancient", "13800000001", 1m, "o-1", new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero));

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", future), HttpStatusCode.BadRequest, "validation_failed", "occurredAt");
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", ancient), HttpStatusCode.BadRequest, "validation_failed", "occurredAt");
    }

    [Fact]
    public async Task MissingAndInvalidFields_AreAllReportedAtOnce()
    {
        var response = await client.PostAsJsonAsync("/api/v1/events", new { type = "teleport", phone = "12", channel = "fax" });

        var text = await response.Content.ReadAsStringAsync();
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        foreach (var field in new[] { "eventId", "type", "phone", "occurredAt", "channel" })
            Assert.Contains($"\"{field}\"", text);
    }

    [Fact]
    public async Task Registration_RequiresAValidPhoneAndName_AndAPastBirthday()
    {
        var response = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "v-1", phone = "555-1234", name = "", birthday = "2099-01-01" });

        var text = await response.Content.ReadAsStringAsync();
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed");
        Assert.Contains("\"phone\"", text);
        Assert.Contains("\"name\"", text);
        Assert.Contains("\"birthday\"", text);
    }

    [Fact]
    public async Task Redemption_PointsMustBePositive()
    {
        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/redemptions", new { requestId = "v-2", phone = "13800000001", points = 0 }),
            HttpStatusCode.BadRequest, "validation_failed", "points");
    }

    [Theory]
    [InlineData("Li\u0000Lei", "control characters")]
    [InlineData("\u001b[31mLi Lei", "control characters")]
    [InlineData("Li\r\nLei", "control characters")]
    [InlineData("Li\tLei", "control characters")]
    [InlineData("\u202Egpj.exe", "reorder")]
    [InlineData("Li\u2066Lei\u2069", "reorder")]
    public async Task Registration_NameWithControlOrBidiCharacters_IsAFieldError_AndRegistersNobody(string name, string says)
    {
        var response = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "n-" + says.Length + name.Length, phone = "13800000071", name });

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", "name");
        Assert.Contains(says, await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/members/13800000071")).StatusCode);
    }

    [Fact]
    public async Task Registration_NameWithEmojiAndChinese_IsKeptAsSent()
    {
        var response = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "n-emoji", phone = "13800000072", name = "李雷 🍵👩‍👩‍👧" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("李雷 🍵👩‍👩‍👧", (await ApiTestHost.JsonAsync(response)).GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("eventId")]
    [InlineData("orderId")]
    public async Task Event_IdsWithBidiOverrides_AreFieldErrors(string field)
    {
        var body = new Dictionary<string, object?>
        {
            ["eventId"] = "e-bidi", ["type"] = "purchase", ["phone"] = "13800000001", ["occurredAt"] = app.Clock.GetUtcNow(), ["orderId"] = "o-bidi", ["amount"] = 1m,
        };
        body[field] = "o\u202E1";

        await AssertProblemAsync(await client.PostAsJsonAsync("/api/v1/events", body), HttpStatusCode.BadRequest, "validation_failed", field);
    }
}
