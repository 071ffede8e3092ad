using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>
/// The members fixture (a real SQLite file, a hand-moved clock) with the webhooks feature wired as the app wires it, a
/// receiver on loopback (allowed by <c>Webhooks:AllowPrivateNetworks</c>, as the app is not in Development here) and the
/// dispatcher driven by hand.
/// </summary>
public sealed class WebhooksFixture : IAsyncDisposable
{
    private WebhooksFixture(MembersFixture members, TestReceiver receiver) => (Members, Receiver) = (members, receiver);

    public MembersFixture Members { get; }
    public TestReceiver Receiver { get; }
    public TestClock Clock => Members.Clock;
    public WebhookService Service => Members.Get<WebhookService>();
    public WebhookLog Log => Members.Get<WebhookLog>();
    public WebhookDispatcher Dispatcher => Members.Get<WebhookDispatcher>();
    public LoyaltyDbContext NewContext() => Members.NewContext();

    public static async Task<WebhooksFixture> StartAsync(bool allowPrivate = true, string environment = "Production")
    {
        var members = new MembersFixture(configure: s =>
        {
            s.AddDataProtection().UseEphemeralDataProtectionProvider();
            s.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = environment, ApplicationName = "LoyaltyAdmin" });
            s.AddWebhooks();
            s.Configure<WebhookOptions>(o => (o.AllowPrivateNetworks, o.Background) = (allowPrivate, false));
        });
        return new WebhooksFixture(members, await TestReceiver.StartAsync());
    }

    /// <summary>An endpoint at the receiver, its secret given to the receiver.</summary>
    public async Task<int> AddEndpointAsync(IReadOnlyCollection<string>? types = null)
    {
        var saved = await Service.CreateAsync(MembersFixture.Owner,
            new WebhookEndpointModel { Url = Receiver.Url, AllTypes = types is null, Types = types ?? [], Active = true });
        Assert.True(saved.Result.Succeeded, string.Join("; ", saved.Result.Errors.Select(e => e.Value)));
        Receiver.Secrets.Add(saved.Secret!);
        return saved.Id!.Value;
    }

    /// <summary>Appends an outbox event as a committed write would.</summary>
    public async Task<long> PublishAsync(string type, long? memberId, object data)
    {
        await using var db = NewContext();
        var now = Clock.GetUtcNow().UtcDateTime;
        var e = BusinessEvents.Create(type, memberId, data, now, now);
        db.OutboxEvents.Add(e);
        await db.SaveChangesAsync();
        return e.Sequence;
    }

    public async Task<List<WebhookDelivery>> DeliveriesAsync()
    {
        await using var db = NewContext();
        return await db.WebhookDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Members.DisposeAsync();
    }
}
