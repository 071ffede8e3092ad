using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Tests.Features.Api;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>
/// Through the real app host, as a deployment would run it: <c>Bootstrap:WebhookUrl</c> and <c>Bootstrap:WebhookSecret</c>
/// create the endpoint, a purchase is posted to the API, and the background dispatcher delivers it signed.
/// </summary>
public sealed class WebhookHostTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task BootstrapEndpoint_ReceivesAPostedPurchase_SignedPerStandardWebhooks()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Secrets.Add(Secret);
        var api = ApiTestHost.With(new Dictionary<string, string?>
        {
            ["Bootstrap:WebhookUrl"] = receiver.Url,
            ["Bootstrap:WebhookSecret"] = Secret,
            ["Webhooks:AllowPrivateNetworks"] = "true",
        });
        await api.InitializeAsync();
        try
        {
            using var client = api.Client(api.KeyA);
            using var registered = await client.PostAsJsonAsync("/api/v1/members", new { requestId = "reg-1", phone = "13912345678", name = "Han Meimei", channel = "mini_program" });
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
            using var purchase = await client.PostAsJsonAsync("/api/v1/events", new
            {
                eventId = "evt-1", type = "purchase", phone = "13912345678", occurredAt = ApiTestHost.Start.AddHours(-1), channel = "store", orderId = "O-1", amount = 66,
            });
            Assert.Equal(HttpStatusCode.OK, purchase.StatusCode);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!receiver.Requests.Any(r => r.Type == BusinessEvents.PointsEarned) && DateTime.UtcNow < deadline)
                await Task.Delay(100);

            var earned = Assert.Single(receiver.Requests, r => r.Type == BusinessEvents.PointsEarned);
            Assert.True(earned.SignatureValid);
            Assert.Equal("13912345678", earned.Phone);
            Assert.Equal(66, earned.Json.GetProperty("data").GetProperty("points").GetInt64());
            Assert.Equal("O-1", earned.Json.GetProperty("data").GetProperty("orderId").GetString());
            Assert.Contains(receiver.Requests, r => r.Type == BusinessEvents.MemberRegistered);
            await using var db = await api.Host.Services.CreateTestContextAsync();
            var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync();
            Assert.Equal((receiver.Url, WebhookEndpoint.AllTypes), (endpoint.Url, endpoint.EventTypes));
            Assert.DoesNotContain(Secret[6..], endpoint.ProtectedSecret); // kept encrypted
            // The receiver answers before the dispatcher records the answer: wait for the log to show it.
            var logged = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EventType == BusinessEvents.PointsEarned).SingleAsync();
            while (logged.Status is WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Queued && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                logged = await db.WebhookDeliveries.AsNoTracking().Where(d => d.EventType == BusinessEvents.PointsEarned).SingleAsync();
            }
            Assert.Equal((WebhookDeliveryStatus.Succeeded, 200), (logged.Status, logged.LastStatusCode));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }
}
