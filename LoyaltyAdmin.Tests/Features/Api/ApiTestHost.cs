using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// The real host over a SQLite file with two stores (A and B) and a key for each; clients send the key header.
/// Key A may also replace the programme; key B may not.
/// Wednesday 25 November 2026, 16:00 UTC (Thursday 00:00 in Shanghai) unless a test moves the clock.
/// </summary>
public sealed class ApiTestHost : IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 16, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, string?>? settings;
    private readonly Action<IServiceCollection>? services;

    public ApiTestHost() { }

    private ApiTestHost(Dictionary<string, string?>? settings, Action<IServiceCollection>? services) => (this.settings, this.services) = (settings, services);

    /// <summary>A host with extra settings or services (the class fixture itself needs a single public constructor).</summary>
    public static ApiTestHost With(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) => new(settings, services);

    public ManualClock Clock { get; } = new(Start);
    public AppHost Host { get; private set; } = default!;
    public string KeyA { get; private set; } = "";
    public string KeyB { get; private set; } = "";
    public int KeyAId { get; private set; }

    public async Task InitializeAsync()
    {
        Host = new AppHost(settings: settings, clock: Clock, services: services);
        Host.CreateBrowserlessClient().Dispose();
        await using var db = await Factory.CreateDbContextAsync();
        db.Stores.AddRange(new Store { Code = "A", Name = "Store A", CreatedAtUtc = Start.UtcDateTime }, new Store { Code = "B", Name = "Store B", CreatedAtUtc = Start.UtcDateTime });
        await db.SaveChangesAsync();
        var a = await Keys.CreateAsync(StaffActor.System(), new CreateApiKeyModel { Name = "POS A", StoreId = await db.Stores.Where(s => s.Code == "A").Select(s => s.Id).SingleAsync(), MayChangeProgramme = true });
        var b = await Keys.CreateAsync(StaffActor.System(), new CreateApiKeyModel { Name = "POS B", StoreId = await db.Stores.Where(s => s.Code == "B").Select(s => s.Id).SingleAsync() });
        (KeyA, KeyAId, KeyB) = (a.PlainKey!, a.Row!.Id, b.PlainKey!);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public IDbContextFactory<LoyaltyDbContext> Factory => Host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
    public ApiKeyService Keys => Host.Services.GetRequiredService<ApiKeyService>();

    public HttpClient Client(string? key)
    {
        var client = Host.CreateBrowserlessClient();
        if (key is not null)
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    public async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string phone, string? requestId = null, string name = "Li Lei", string? referralCode = null) =>
        await client.PostAsJsonAsync("/api/v1/members", new { requestId = requestId ?? "reg-" + phone, phone, name, channel = "mini_program", referralCode });

    public static object Purchase(string eventId, string phone, decimal amount, string orderId, DateTimeOffset at) =>
        new { eventId, type = "purchase", phone, occurredAt = at, channel = "store", orderId, amount };

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
