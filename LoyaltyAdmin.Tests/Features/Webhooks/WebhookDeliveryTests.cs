using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>Delivery from the outbox over real SQLite and real HTTP to a receiver that checks signatures by the published algorithm.</summary>
public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Purchase_IsDeliveredSigned_WithTheDocumentedBody()
    {
        await using var w = await WebhooksFixture.StartAsync();
        await w.AddEndpointAsync();
        var member = await w.Members.AddMemberAsync("13800000001");
        await w.Members.Ledger.ApplyActivityAsync(member, "evt-1", MembersFixture.Purchase(88m, "A1", w.Clock.GetUtcNow().AddHours(-2)));

        await w.Dispatcher.RunUntilIdleAsync();

        var earned = Assert.Single(w.Receiver.Requests, r => r.Type == BusinessEvents.PointsEarned);
        Assert.True(earned.SignatureValid);
        Assert.Equal(0, w.Receiver.BadSignatures);
        Assert.Equal("13800000001", earned.Phone);
        Assert.Equal(1, earned.Json.GetProperty("version").GetInt32());
        Assert.Equal(earned.Id, earned.Json.GetProperty("id").GetString());
        // Business time: when the purchase happened, not when it was recorded.
        Assert.Equal(w.Clock.GetUtcNow().AddHours(-2).UtcDateTime, earned.Json.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        Assert.Equal(88, earned.Json.GetProperty("data").GetProperty("points").GetInt64());
        Assert.All(await w.DeliveriesAsync(), d => Assert.Equal(WebhookDeliveryStatus.Succeeded, d.Status));
    }

    [Fact]
    public async Task EndpointGetsOnlyTheTypesItSubscribed_IncludingNotices()
    {
        await using var w = await WebhooksFixture.StartAsync();
        await w.AddEndpointAsync([BusinessEvents.NoticePointsExpiring]);
        var member = await w.Members.AddMemberAsync();
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 5 });
        await w.PublishAsync(BusinessEvents.NoticePointsExpiring, member, new { points = 5, expiresOn = "2026-04-01" });

        await w.Dispatcher.RunUntilIdleAsync();

        Assert.Equal([BusinessEvents.NoticePointsExpiring], w.Receiver.Requests.Select(r => r.Type));
    }

    [Fact]
    public async Task AMembersEvents_ArriveInOrder_OneFailureHoldsOnlyThatMember()
    {
        await using var w = await WebhooksFixture.StartAsync();
        await w.AddEndpointAsync();
        var a = await w.Members.AddMemberAsync("13800000001");
        var b = await w.Members.AddMemberAsync("13800000002");
        var refuseOnce = true;
        w.Receiver.Answer = r =>
        {
            if (r.Phone != "13800000001" || !refuseOnce)
                return 200;
            refuseOnce = false;
            return 500;
        };
        for (var i = 1; i <= 3; i++)
        {
            await w.PublishAsync(BusinessEvents.PointsEarned, a, new { points = i });
            await w.PublishAsync(BusinessEvents.PointsEarned, b, new { points = i });
        }

        await w.Dispatcher.RunUntilIdleAsync();
        Assert.Equal([1, 2, 3], Points(w, "13800000002"));
        Assert.Empty(Points(w, "13800000001")); // its first failed; the two behind it wait

        w.Clock.Advance(TimeSpan.FromMinutes(1));
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.Equal([1, 2, 3], Points(w, "13800000001"));
    }

    [Fact]
    public async Task FailingReceiver_IsRetriedWithGrowingJitteredDelays_ForADay_ThenTheDeliveryFails_AndAfterThreeDaysTheEndpointIsDisabled()
    {
        await using var w = await WebhooksFixture.StartAsync();
        var endpoint = await w.AddEndpointAsync();
        w.Receiver.Answer = _ => 503;
        var member = await w.Members.AddMemberAsync();
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 1 });
        var start = w.Clock.GetUtcNow();

        // The simulated clock jumps to each due attempt (and a second early first, when nothing may be sent).
        Assert.Equal(1, await w.Dispatcher.RunOnceAsync());
        var attempts = new List<DateTime> { w.Clock.GetUtcNow().UtcDateTime };
        WebhookDelivery delivery;
        while ((delivery = Assert.Single(await w.DeliveriesAsync())).Status == WebhookDeliveryStatus.Pending && attempts.Count < 50)
        {
            w.Clock.Now = new DateTimeOffset(delivery.NextAttemptAtUtc, TimeSpan.Zero).AddSeconds(-1);
            Assert.Equal(0, await w.Dispatcher.RunOnceAsync());
            w.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await w.Dispatcher.RunOnceAsync());
            attempts.Add(w.Clock.GetUtcNow().UtcDateTime);
        }
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(attempts.Count, delivery.Attempts);
        Assert.True(attempts[^1] - attempts[0] >= TimeSpan.FromHours(24), "retried for at least a day");
        var gaps = attempts.Zip(attempts.Skip(1), (x, y) => y - x).ToList();
        Assert.True(gaps[2] > gaps[0] && gaps[3] > gaps[1], "the delays grow");
        Assert.All(gaps, g => Assert.True(g <= WebhookRetrySchedule.MaxDelay * 1.25 + TimeSpan.FromMinutes(1)));

        // Still active after a day; new events keep failing until three days of failure disable it.
        Assert.Contains(await w.Log.AlertsAsync(MembersFixture.Owner), a => a.Id == endpoint && a.DisabledReason is null);
        w.Clock.Now = start + TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1);
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 2 });
        await w.Dispatcher.RunUntilIdleAsync();
        var row = Assert.Single(await w.Service.ListAsync(MembersFixture.Owner));
        Assert.False(row.IsActive);
        Assert.Equal(WebhookDisabledReason.Failing, row.DisabledReason);
        Assert.Contains(await w.Log.AlertsAsync(MembersFixture.Owner), a => a.Id == endpoint && a.DisabledReason == WebhookDisabledReason.Failing);
    }

    [Fact]
    public async Task Gone410_DisablesTheEndpointAtOnce()
    {
        await using var w = await WebhooksFixture.StartAsync();
        await w.AddEndpointAsync();
        w.Receiver.Answer = _ => 410;
        await w.PublishAsync(BusinessEvents.PointsEarned, await w.Members.AddMemberAsync(), new { points = 1 });

        await w.Dispatcher.RunUntilIdleAsync();

        Assert.Equal(WebhookDeliveryStatus.Failed, Assert.Single(await w.DeliveriesAsync()).Status);
        var row = Assert.Single(await w.Service.ListAsync(MembersFixture.Owner));
        Assert.Equal((false, WebhookDisabledReason.Gone), (row.IsActive, row.DisabledReason));
    }

    [Fact]
    public async Task AClaimedDelivery_IsNotClaimedAgainWhileItsLeaseRuns_AndIsAfterItRunsOut()
    {
        await using var w = await WebhooksFixture.StartAsync();
        await w.AddEndpointAsync();
        await w.PublishAsync(BusinessEvents.PointsEarned, await w.Members.AddMemberAsync(), new { points = 1 });
        await w.Members.Get<WebhookFeedReader>().ReadAsync();

        var first = await w.Dispatcher.ClaimAsync(10);
        var meanwhile = await w.Dispatcher.ClaimAsync(10);
        w.Clock.Advance(new WebhookOptions().Lease + TimeSpan.FromSeconds(1)); // the first claimer died mid-attempt
        var afterLease = await w.Dispatcher.ClaimAsync(10);

        Assert.Single(first);
        Assert.Empty(meanwhile);
        Assert.Equal(first[0].Id, Assert.Single(afterLease).Id);
        // The dead claimer's late outcome is not recorded over the new lease.
        await w.Dispatcher.SendAsync(first);
        Assert.Equal(WebhookDeliveryStatus.Pending, Assert.Single(await w.DeliveriesAsync()).Status);
        await w.Dispatcher.SendAsync(afterLease);
        Assert.Equal(WebhookDeliveryStatus.Succeeded, Assert.Single(await w.DeliveriesAsync()).Status);
    }

    [Fact]
    public async Task RotatedSecret_BothSignDuringTheOverlap_ThenOnlyTheNewOne()
    {
        await using var w = await WebhooksFixture.StartAsync();
        var endpoint = await w.AddEndpointAsync();
        var old = w.Receiver.Secrets.Single();
        var fresh = await w.Service.RotateSecretAsync(MembersFixture.Owner, endpoint, TimeSpan.FromHours(24));
        Assert.StartsWith("whsec_", fresh);
        var member = await w.Members.AddMemberAsync();

        // A receiver that only knows the old secret still verifies during the overlap; one with only the new one too.
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 1 });
        await w.Dispatcher.RunUntilIdleAsync();
        w.Receiver.Secrets.Clear();
        w.Receiver.Secrets.Add(fresh!);
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 2 });
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.All(w.Receiver.Requests, r => Assert.Equal(2, r.SignatureCount));

        w.Clock.Advance(TimeSpan.FromHours(25));
        w.Receiver.Secrets.Clear();
        w.Receiver.Secrets.Add(old);
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 3 });
        await w.Dispatcher.RunOnceAsync();
        Assert.Equal(1, w.Receiver.BadSignatures); // the old secret no longer signs
        Assert.Equal(2, w.Receiver.Requests.Count);
    }

    [Fact]
    public async Task TestEvent_ReplayOfOne_AndReplayOfARange_AreDeliveredWithTheSameMessageIds()
    {
        await using var w = await WebhooksFixture.StartAsync();
        var endpoint = await w.AddEndpointAsync();
        var member = await w.Members.AddMemberAsync();
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 1 });
        await w.PublishAsync(BusinessEvents.PointsSpent, member, new { points = 1 });
        await w.Dispatcher.RunUntilIdleAsync();

        var test = await w.Log.SendTestAsync(MembersFixture.Owner, endpoint);
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.Equal(WebhookDeliveryStatus.Succeeded, (await w.Log.FinishedAsync(MembersFixture.Owner, endpoint, test!.Value))!.Status);
        Assert.Contains(w.Receiver.Requests, r => r.Type == WebhookBody.TestType && r.SignatureValid);

        var (log, total) = await w.Log.DeliveriesAsync(MembersFixture.Owner, new DeliveryFilter(endpoint, EventType: BusinessEvents.PointsEarned), 0, 10);
        Assert.Equal(1, total);
        Assert.True(await w.Log.ReplayAsync(MembersFixture.Owner, log[0].Id));
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.Equal(2, w.Receiver.Requests.Count(r => r.Id == log[0].MessageId));

        var now = w.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(2, await w.Log.ReplayRangeAsync(MembersFixture.Owner, endpoint, now.AddMinutes(-1), now.AddMinutes(1)));
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.Equal(3, w.Receiver.Requests.Count(r => r.Id == log[0].MessageId));
        Assert.Equal(2, w.Receiver.Requests.Count(r => r.Type == BusinessEvents.PointsSpent));
    }

    private static List<int> Points(WebhooksFixture w, string phone) =>
        [.. w.Receiver.Requests.Where(r => r.Phone == phone).Select(r => r.Json.GetProperty("data").GetProperty("points").GetInt32())];
}
