using System.Net;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Tests.Features.Members;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>Where endpoints may point, and the bootstrap endpoint of an automated deployment.</summary>
public sealed class WebhookSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)] // cloud metadata
    [InlineData("100.64.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2606:4700::1111", true)]
    public void OnlyPublicAddresses_ArePublic(string address, bool expected) => Assert.Equal(expected, WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("Production", false, AddressProblem.Private)]
    [InlineData("Production", true, AddressProblem.None)]
    [InlineData("Development", false, AddressProblem.None)]
    public async Task ALoopbackEndpoint_IsRefusedOutsideDevelopment_UnlessPrivateNetworksAreAllowed(string environment, bool allow, AddressProblem expected)
    {
        await using var w = await WebhooksFixture.StartAsync(allowPrivate: allow, environment: environment);

        Assert.Equal(expected, await w.Members.Get<WebhookAddressGuard>().CheckAsync("https://127.0.0.1:8443/hook"));
    }

    [Fact]
    public async Task AnAttemptToAPrivateAddress_IsRefusedAtConnectionTime_AndLogged()
    {
        await using var w = await WebhooksFixture.StartAsync(allowPrivate: false);
        await using (var db = w.NewContext())
        {
            // Saved while allowed (or a name that now resolves inward): the connection itself is refused.
            db.WebhookEndpoints.Add(WebhookEndpoint.Create(w.Receiver.Url, "", null, true, w.Members.Get<WebhookSecrets>().Protect(WebhookSecrets.NewSecret()),
                "owner", w.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        await w.Members.Get<WebhookFeedReader>().ReadAsync();
        await w.PublishAsync(BusinessEvents.PointsEarned, await w.Members.AddMemberAsync(), new { points = 1 });

        await w.Dispatcher.RunUntilIdleAsync();

        Assert.Empty(w.Receiver.Requests);
        Assert.Contains("private or loopback", Assert.Single(await w.DeliveriesAsync()).LastError);
    }

    [Fact]
    public async Task Bootstrap_CreatesOneEndpointForEveryType_Once_AndRefusesABadSecret()
    {
        await using var w = await WebhooksFixture.StartAsync();
        var secret = WebhookSecrets.NewSecret();

        Assert.True(await w.Service.BootstrapAsync(w.Receiver.Url, secret));
        Assert.False(await w.Service.BootstrapAsync(w.Receiver.Url, secret)); // the next start finds it
        await Assert.ThrowsAsync<InvalidOperationException>(() => w.Service.BootstrapAsync("https://hooks.example.com/x", "not-a-secret"));

        var row = Assert.Single(await w.Service.ListAsync(MembersFixture.Owner));
        Assert.Null(row.Types); // every type, including those added later
        w.Receiver.Secrets.Add(secret);
        await w.PublishAsync(BusinessEvents.NoticeTierEnding, await w.Members.AddMemberAsync(), new { tier = "gold" });
        await w.Dispatcher.RunUntilIdleAsync();
        Assert.True(Assert.Single(w.Receiver.Requests).SignatureValid);
    }

    /// <summary>
    /// With no endpoint the reader keeps up only now and then (each move of its cursor is a write beside the ledger's), and an
    /// endpoint added later is sent only what was recorded from its creation on, however far behind the cursor was.
    /// </summary>
    [Fact]
    public async Task WithNoEndpoint_TheFeedCatchesUpEveryFewSeconds_AndANewEndpointGetsNothingOlderThanItself()
    {
        await using var w = await WebhooksFixture.StartAsync();
        var reader = w.Members.Get<WebhookFeedReader>();
        var member = await w.Members.AddMemberAsync();
        Assert.True(await reader.HasWorkAsync()); // no feed yet: the first read starts it at the end of the outbox
        Assert.True(await reader.ReadAsync());

        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 1 });
        Assert.True(await reader.HasWorkAsync());
        Assert.True(await reader.ReadAsync());
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 2 });
        Assert.False(await reader.HasWorkAsync()); // within the catch-up interval

        w.Clock.Advance(TimeSpan.FromSeconds(1));
        await w.AddEndpointAsync();
        Assert.True(await reader.HasWorkAsync()); // an endpoint: every new event is worth a read
        await w.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 3 });
        while (await reader.ReadAsync())
        {
        }
        await w.Dispatcher.RunUntilIdleAsync();

        var sent = Assert.Single(w.Receiver.Requests);
        Assert.Equal(3, sent.Json.GetProperty("data").GetProperty("points").GetInt64());
    }
}
