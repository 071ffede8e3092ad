using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>Keys: required, hashed, revocable, scoped to their store, rate limited, bootstrapped from configuration.</summary>
public sealed class ApiKeyTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task NoKey_OrAnUnknownKey_Is401Problem()
    {
        await AssertProblemAsync(await app.Client(null).GetAsync("/api/v1/program"), HttpStatusCode.Unauthorized, "invalid_api_key");
        await AssertProblemAsync(await app.Client("lak_not-a-real-key").GetAsync("/api/v1/program"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task ASignedInOwnerCookie_DoesNotOpenTheApi()
    {
        var browser = app.Host.CreateBrowserlessClient();
        await browser.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/program")).StatusCode);
    }

    [Fact]
    public async Task ARevokedKey_Is401_AtOnce()
    {
        var created = await app.Keys.CreateAsync(StaffActor.System(), new CreateApiKeyModel { Name = "Temp", StoreId = await StoreIdAsync("A") });
        var client = app.Client(created.PlainKey);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/program")).StatusCode);

        await app.Keys.RevokeAsync(StaffActor.System(), created.Row!.Id);

        await AssertProblemAsync(await client.GetAsync("/api/v1/program"), HttpStatusCode.Unauthorized, "invalid_api_key");
    }

    [Fact]
    public async Task AKeyOfStoreA_ActingForStoreB_Is403()
    {
        var client = app.Client(app.KeyA);
        await app.RegisterAsync(client, "13800000100");

        var purchase = await client.PostAsJsonAsync("/api/v1/events", new
        {
            eventId = "scope-1", type = "purchase", phone = "13800000100", occurredAt = app.Clock.GetUtcNow(), storeCode = "B", orderId = "o", amount = 10m,
        });
        var register = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "scope-2", phone = "13800000101", name = "X", storeCode = "B" });

        await AssertProblemAsync(purchase, HttpStatusCode.Forbidden, "store_forbidden");
        await AssertProblemAsync(register, HttpStatusCode.Forbidden, "store_forbidden");
    }

    [Fact]
    public async Task EventIds_AreTheStoresOwn_TheSameIdFromTwoStoresIsTwoEvents()
    {
        await app.RegisterAsync(app.Client(app.KeyA), "13800000102");
        var body = ApiTestHost.Purchase("shared-id", "13800000102", 10m, "o-102", app.Clock.GetUtcNow());
        var fromB = ApiTestHost.Purchase("shared-id", "13800000102", 10m, "o-102b", app.Clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.OK, (await app.Client(app.KeyA).PostAsJsonAsync("/api/v1/events", body)).StatusCode);
        var second = await ApiTestHost.JsonAsync(await app.Client(app.KeyB).PostAsJsonAsync("/api/v1/events", fromB));

        Assert.Equal(20, second.GetProperty("balance").GetInt64());
    }

    [Fact]
    public async Task Keys_AreStoredHashed_AndLastUseIsRecorded()
    {
        await app.Client(app.KeyA).GetAsync("/api/v1/program");

        await using var db = await app.Factory.CreateDbContextAsync();
        var key = await db.ApiKeys.SingleAsync(k => k.Id == app.KeyAId);
        Assert.Equal(ApiKeyHasher.Hash(app.KeyA), key.Hash);
        Assert.DoesNotContain(await db.ApiKeys.Select(k => k.Hash + k.Prefix + k.Name).ToListAsync(), s => s.Contains(app.KeyA, StringComparison.Ordinal));
        Assert.Equal(ApiTestHost.Start.UtcDateTime, (await app.Keys.ListAsync(StaffActor.System())).Single(k => k.Id == app.KeyAId).LastUsedAtUtc);
    }

    [Fact]
    public async Task CreatingAKey_NeedsANameAndAStore_AndAnOwner()
    {
        var invalid = await app.Keys.CreateAsync(StaffActor.System(), new CreateApiKeyModel { Name = " ", StoreId = 999 });
        var manager = new StaffActor("m", "manager", new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, LoyaltyAdmin.Identity.Roles.StoreManager)], "test")));

        Assert.NotNull(invalid.Result.For(nameof(CreateApiKeyModel.Name)));
        Assert.NotNull(invalid.Result.For(nameof(CreateApiKeyModel.StoreId)));
        Assert.Null(invalid.PlainKey);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => app.Keys.CreateAsync(manager, new CreateApiKeyModel { Name = "x", StoreId = 1 }));
    }

    [Fact]
    public async Task TheReferencePage_AndTheOpenApiDocument_AreServed()
    {
        var anonymous = app.Host.CreateClient(); // follows the reference page's redirect to its trailing slash

        var page = await anonymous.GetAsync("/api/docs");
        var document = await anonymous.GetStringAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("text/html", page.Content.Headers.ContentType?.ToString());
        foreach (var path in new[] { "/api/v1/members", "/api/v1/members/{phone}", "/api/v1/events", "/api/v1/redemptions", "/api/v1/coupons/{code}/redeem", "/api/v1/program" })
            Assert.Contains($"\"{path}\"", document);
        Assert.Contains("X-Api-Key", document);
        Assert.Contains("ActivityEventRequest", document);
    }

    [Fact]
    public async Task BootstrapConfiguration_CreatesAWorkingKey_AndItsStore()
    {
        const string key = "bootstrap-key-0123456789abcdefghijklmnop";
        await using var host = new AppHost(settings: new Dictionary<string, string?> { ["Bootstrap:ApiKey"] = key, ["Bootstrap:StoreCode"] = "HQ" });
        var client = host.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "b-1", phone = "13800000200", name = "Boot" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/v1/program", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task TooManyRequests_ForOneKey_Is429WithRetryAfter()
    {
        var limited = ApiTestHost.With(new Dictionary<string, string?> { ["Api:PermitsPerMinute"] = "2" });
        await limited.InitializeAsync();
        try
        {
            var client = limited.Client(limited.KeyA);
            await client.GetAsync("/api/v1/program");
            await client.GetAsync("/api/v1/program");

            var refused = await client.GetAsync("/api/v1/program");
            var otherKey = await limited.Client(limited.KeyB).GetAsync("/api/v1/program");

            await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, refused.Headers.ToString());
            Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
        }
        finally
        {
            await limited.DisposeAsync();
        }
    }

    private async Task<int> StoreIdAsync(string code)
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        return await db.Stores.Where(s => s.Code == code).Select(s => s.Id).SingleAsync();
    }
}
