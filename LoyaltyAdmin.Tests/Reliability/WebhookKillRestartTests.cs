using System.Globalization;
using System.Net.Http.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Tests.Features.Webhooks;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The app process is killed (SIGKILL) while it delivers webhooks to a slow receiver, with deliveries in flight and a
/// backlog queued, then restarted on the same file. Every purchase's event then arrives, in order per member; the only
/// repeats are deliveries that were in flight when the process died (at least once, as docs/webhooks.md promises).
/// </summary>
public sealed class WebhookKillRestartTests(ITestOutputHelper output)
{
    private const string Key = "webhook-kill-0123456789abcdef0123456789abcdef";
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const int Members = 12;
    private const int Purchases = 300;
    private const int KillAfterDeliveries = 40;

    [Fact]
    public async Task KilledWhileDelivering_AfterARestartEveryEventArrives_InOrderPerMember()
    {
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Secrets.Add(Secret);
        receiver.Delay = TimeSpan.FromMilliseconds(300); // keeps deliveries in flight when the process dies
        var settings = new Dictionary<string, string>
        {
            ["Bootstrap:ApiKey"] = Key, ["Bootstrap:StoreCode"] = "HQ", ["Api:PermitsPerMinute"] = "100000000",
            ["Bootstrap:WebhookUrl"] = receiver.Url, ["Bootstrap:WebhookSecret"] = Secret, ["Webhooks:AllowPrivateNetworks"] = "true",
            ["Webhooks:MaxInFlight"] = "16",
            ["Webhooks:Lease"] = "00:00:03", // what the dead process had claimed is free again soon after the restart
        };
        var first = await LiveApp.StartAsync(settings: settings);
        var database = first.Database;
        try
        {
            var phones = Enumerable.Range(0, Members).Select(i => (13_700_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToArray();
            var at = DateTimeOffset.UtcNow.AddMinutes(-5);
            object Purchase(int i) => new
            {
                eventId = "wk-" + i, type = "purchase", phone = phones[i % Members], occurredAt = at, channel = "store", orderId = "o-" + i, amount = 10 + i % 50,
            };
            var answered = new bool[Purchases];
            using (var http = first.ApiClient(Key))
            {
                foreach (var (phone, i) in phones.Select((p, i) => (p, i)))
                    (await http.PostAsJsonAsync("/api/v1/members", new { requestId = "reg-" + i, phone, name = "Member " + i, channel = "store" })).EnsureSuccessStatusCode();
                for (var i = 0; i < Purchases && Earned(receiver).Count < KillAfterDeliveries; i++)
                {
                    using var response = await http.PostAsJsonAsync("/api/v1/events", Purchase(i));
                    answered[i] = response.IsSuccessStatusCode;
                }
            }
            await first.KillAsync();
            var beforeKill = receiver.Requests.Select(r => r.Id).ToHashSet();
            var deadline = DateTime.UtcNow.AddSeconds(2);
            while (DateTime.UtcNow < deadline) // the requests in flight are answered into the void
                await Task.Delay(100);
            var seenAtKill = receiver.Requests.Select(r => r.Id).ToHashSet();
            output.WriteLine($"Killed with {answered.Count(a => a)} purchases answered and {Earned(receiver).Count} points.earned delivered; " +
                             $"{seenAtKill.Count - beforeKill.Count} answered by the receiver after the process died.");
            receiver.Delay = TimeSpan.Zero;

            await using var restarted = await LiveApp.StartAsync(settings: settings, database: database);
            using (var http = restarted.ApiClient(Key))
                foreach (var i in Enumerable.Range(0, Purchases).Where(i => !answered[i] || i < 10)) // and a few answered: a re-send changes nothing
                    (await http.PostAsJsonAsync("/api/v1/events", Purchase(i))).EnsureSuccessStatusCode();

            await using var db = database.CreateContext();
            var events = await db.OutboxEvents.AsNoTracking().Where(e => e.Type == BusinessEvents.PointsEarned).OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.MemberId }).ToListAsync();
            Assert.Equal(Purchases, events.Count);
            deadline = DateTime.UtcNow.AddSeconds(60);
            while (Earned(receiver).Select(r => r.Id).Distinct().Count() < Purchases && DateTime.UtcNow < deadline)
                await Task.Delay(200);

            var received = Earned(receiver);
            Assert.Equal(events.Select(e => e.Sequence), received.Select(r => long.Parse(r.Id["evt_".Length..], CultureInfo.InvariantCulture)).Distinct().Order());
            var repeats = received.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            output.WriteLine($"After the restart: {received.Count} points.earned received for {Purchases} events, {repeats.Count} repeated.");
            Assert.All(repeats, id => Assert.Contains(id, seenAtKill)); // only what the dead process had in flight comes twice
            Assert.InRange(repeats.Count, 0, 16);
            Assert.All(received, r => Assert.True(r.SignatureValid));
            foreach (var member in events.GroupBy(e => e.MemberId))
            {
                var ids = member.Select(e => $"evt_{e.Sequence}").ToList();
                Assert.Equal(ids, received.Select(r => r.Id).Where(ids.Contains).Distinct().ToList()); // first arrivals in sequence order
            }
            deadline = DateTime.UtcNow.AddSeconds(10);
            while (await db.WebhookDeliveries.CountAsync(d => d.Status != WebhookDeliveryStatus.Succeeded) > 0 && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal(0, await db.WebhookDeliveries.CountAsync(d => d.Status != WebhookDeliveryStatus.Succeeded));
        }
        finally
        {
            await first.DisposeAsync();
            database.Dispose();
        }
    }

    private static List<Received> Earned(TestReceiver receiver) => receiver.Requests.Where(r => r.Type == BusinessEvents.PointsEarned).ToList();
}
