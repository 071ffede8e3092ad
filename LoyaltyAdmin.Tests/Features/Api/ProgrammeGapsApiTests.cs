using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>Host for <see cref="ProgrammeGapsApiTests"/>: its own app, on the tea-shop programme.</summary>
public sealed class TeaShopApiHost : IAsyncLifetime
{
    public ApiTestHost Api { get; } = new();

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        await Api.Host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, ApiTestHost.Start.UtcDateTime.AddMinutes(-1));
    }

    public Task DisposeAsync() => Api.DisposeAsync();
}

/// <summary>
/// What a till notices of the programme gaps: purchase shipping and points/coupon parts (validated), shares that earn only
/// for a referred friend (and say why not), and the member card's retention, benefits and tier set by hand.
/// </summary>
public sealed class ProgrammeGapsApiTests(TeaShopApiHost host) : IClassFixture<TeaShopApiHost>
{
    private ApiTestHost App => host.Api;
    private HttpClient Client => App.Client(App.KeyA);
    private DateTimeOffset Now => App.Clock.GetUtcNow();

    private Task<HttpResponseMessage> PurchaseAsync(string eventId, string phone, decimal amount, decimal? shipping, decimal? paid) =>
        Client.PostAsJsonAsync("/api/v1/events", new
        {
            eventId, type = "purchase", phone, occurredAt = Now, channel = "store", orderId = "O-" + eventId, amount, shipping, paidWithPointsOrCoupons = paid,
        });

    private static decimal? Number(string? text) => text is null ? null : decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private Task<HttpResponseMessage> ShareAsync(string eventId, string phone, string? reference) =>
        Client.PostAsJsonAsync("/api/v1/events", new { eventId, type = "share", phone, occurredAt = Now, channel = "mini_program", reference });

    [Theory]
    [InlineData("13800001001", "-1", null, "shipping")]
    [InlineData("13800001002", null, "-0.01", "paidWithPointsOrCoupons")]
    [InlineData("13800001003", "60", "50", "shipping")]
    [InlineData("13800001004", "0.001", null, "shipping")]
    public async Task BadShippingOrPointsPart_IsAFieldProblem_AndWritesNothing(string phone, string? shipping, string? paid, string field)
    {
        await App.RegisterAsync(Client, phone);

        var response = await PurchaseAsync("bad-" + phone, phone, 100m, Number(shipping), Number(paid));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "validation_failed", field);
        await using var db = await App.Factory.CreateDbContextAsync();
        Assert.False(await db.MemberOrders.AnyAsync(o => o.OrderId == "O-bad-" + phone));
    }

    [Fact]
    public async Task AShippingFee_AndThePartPaidWithPoints_EarnNothing_UnderTheTeaShopsPurchaseRule()
    {
        await App.RegisterAsync(Client, "13800002001");
        await App.RegisterAsync(Client, "13800002002");

        var plain = await ApiTestHost.JsonAsync(await PurchaseAsync("ship-0", "13800002001", 100m, null, null));
        var parts = await ApiTestHost.JsonAsync(await PurchaseAsync("ship-1", "13800002002", 100m, 10m, 20m));

        // ¥100 paid: ¥10 of it shipping and ¥20 in points or coupons, so ¥70 earns (whatever promotion applies to both).
        Assert.True(plain.GetProperty("points").GetInt64() > 0);
        Assert.Equal(plain.GetProperty("points").GetInt64() * 7, parts.GetProperty("points").GetInt64() * 10);
    }

    [Fact]
    public async Task AShare_EarnsOnlyForAFriendWhoRegisteredThroughTheSharer_OncePerFriend_AndSaysWhyNot()
    {
        var sharer = await ApiTestHost.JsonAsync(await App.RegisterAsync(Client, "13800003001"));
        await App.RegisterAsync(Client, "13800003002", referralCode: sharer.GetProperty("referralCode").GetString());
        await App.RegisterAsync(Client, "13800003003");

        async Task<(long Points, string? Reason)> Share(string id, string? reference)
        {
            var json = await ApiTestHost.JsonAsync(await ShareAsync(id, "13800003001", reference));
            return (json.GetProperty("points").GetInt64(), json.TryGetProperty("noAwardReason", out var r) ? r.GetString() : null);
        }

        Assert.Equal((0L, "share_reference_required"), await Share("sh-1", null));
        Assert.Equal((0L, "share_friend_unknown"), await Share("sh-2", "13899999999"));
        Assert.Equal((0L, "share_friend_not_referred"), await Share("sh-3", "13800003003"));
        Assert.Equal((50L, null), await Share("sh-4", "13800003002"));
        Assert.Equal((0L, "share_already_rewarded"), await Share("sh-5", "13800003002"));
    }

    [Fact]
    public async Task TheMemberCard_SaysWhatKeepsTheTier_InTheCallersLanguage_WithTheBenefits_AndATierSetByHand()
    {
        await App.RegisterAsync(Client, "13800004001");
        await using (var db = await App.Host.Services.CreateTestContextAsync())
        {
            var m = await db.Members.SingleAsync(x => x.Phone == "13800004001");
            (m.TierCode, m.TierValidUntil, m.TierOverrideCode, m.TierOverrideUntil, m.TierOverrideReason) =
                ("gold", new DateOnly(2027, 3, 1), "gold", new DateOnly(2027, 1, 31), "Partner café staff");
            await db.SaveChangesAsync();
        }

        var en = await CardAsync("en");
        var zh = await CardAsync("zh-Hans");

        var retention = en.GetProperty("retention");
        Assert.Equal("2027-03-01", retention.GetProperty("keepBy").GetString());
        Assert.False(retention.GetProperty("met").GetBoolean());
        Assert.Contains("¥500", retention.GetProperty("text").GetString());
        Assert.Contains("2027-03-01", retention.GetProperty("text").GetString());
        Assert.NotEqual(retention.GetProperty("text").GetString(), zh.GetProperty("retention").GetProperty("text").GetString());
        Assert.Matches("[\u4e00-\u9fff]", zh.GetProperty("retention").GetProperty("text").GetString()!);
        var benefits = en.GetProperty("benefits");
        Assert.Equal(1.5m, benefits.GetProperty("pointsMultiplier").GetDecimal());
        Assert.True(benefits.GetProperty("priorityService").GetBoolean() || benefits.GetProperty("descriptions").GetArrayLength() > 0);
        var byHand = en.GetProperty("tierSetByHand");
        Assert.Equal(("gold", "2027-01-31", "Partner café staff"),
            (byHand.GetProperty("tier").GetString(), byHand.GetProperty("until").GetString(), byHand.GetProperty("reason").GetString()));
    }

    private async Task<System.Text.Json.JsonElement> CardAsync(string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/members/13800004001");
        request.Headers.AcceptLanguage.ParseAdd(language);
        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ApiTestHost.JsonAsync(response);
    }
}
