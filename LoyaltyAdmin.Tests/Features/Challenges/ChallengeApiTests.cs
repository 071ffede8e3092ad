using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Api;
using LoyaltyAdmin.Tests.Features.Coupons;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Challenges;

/// <summary>
/// The journey through the real API host: an Owner starts "Buy 3 times this month, get a ¥10 coupon" in December,
/// three purchases through the API complete it, the member's coupon and badge appear, and the challenge's funnel counts it.
/// </summary>
public sealed class ChallengeApiTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private static readonly DateTimeOffset December = new(2026, 12, 5, 2, 0, 0, TimeSpan.Zero); // 5 December, 10:00 in Shanghai

    [Fact]
    public async Task ThreeApiPurchasesInDecember_CompleteTheChallenge_CouponAndBadgeAppear_AndTheFunnelCountsIt()
    {
        var template = await CouponSeed.TemplateAsync(app.Factory, "¥10 off");
        await using (var db = await app.Factory.CreateDbContextAsync())
        {
            db.CouponPacks.Add(new CouponPack { Name = "¥10 off", Trigger = CouponPackTrigger.Manual, IsActive = true, Items = [new CouponPackItem { TemplateId = template, Quantity = 1 }] });
            await db.SaveChangesAsync();
        }
        app.Clock.Set(December);
        using (var scope = app.Host.Services.CreateScope())
            Assert.True((await scope.ServiceProvider.GetRequiredService<ChallengeEditor>().AddTemplateAsync("buy-three", StaffActor.System())).Saved);
        var challenges = app.Host.Services.GetRequiredService<ChallengeService>();
        app.Clock.Advance(TimeSpan.FromMinutes(1));

        var client = app.Client(app.KeyA);
        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(client, "13700000001")).StatusCode);
        for (var n = 1; n <= 3; n++)
        {
            var bought = await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase($"dec-{n}", "13700000001", 30m, $"DEC-{n}", December.AddMinutes(1 + n)));
            Assert.True(bought.IsSuccessStatusCode, await bought.Content.ReadAsStringAsync());
        }
        app.Clock.Advance(TimeSpan.FromMinutes(10));

        var zh = new HttpRequestMessage(HttpMethod.Get, "/api/v1/members/13700000001/challenges");
        zh.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var answer = await client.SendAsync(zh);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await ApiTestHost.JsonAsync(answer);
        Assert.Equal("zh-Hans", body.GetProperty("language").GetString());
        var challenge = body.GetProperty("challenges").EnumerateArray().Single();
        Assert.Equal(("buy-three", "本月消费 3 次", 3m, true), (challenge.GetProperty("id").GetString(), challenge.GetProperty("name").GetString(),
            challenge.GetProperty("progress").GetDecimal(), challenge.GetProperty("completed").GetBoolean()));
        Assert.Equal(27, challenge.GetProperty("daysLeft").GetInt32()); // 5 to 31 December
        Assert.Equal("¥10 off", challenge.GetProperty("stages")[0].GetProperty("couponPack").GetString());
        Assert.Equal("常客", body.GetProperty("badges")[0].GetProperty("name").GetString());

        var card = await ApiTestHost.JsonAsync(await client.GetAsync("/api/v1/members/13700000001"));
        Assert.Contains(card.GetProperty("activeCoupons").EnumerateArray(), c => c.GetProperty("name").GetString() == "¥10 off");
        Assert.Equal("regular", card.GetProperty("badges")[0].GetProperty("code").GetString());

        var funnel = Assert.Single(await challenges.FunnelAsync("buy-three"));
        Assert.Equal((1, 1, new DateOnly(2026, 12, 1)), (funnel.Participants, funnel.Completed, funnel.PeriodStart));
        await using var check = await app.Factory.CreateDbContextAsync();
        var types = await check.OutboxEvents.Select(e => e.Type).ToListAsync();
        Assert.Equal(3, types.Count(t => t == BusinessEvents.ChallengeProgressed));
        Assert.Contains(BusinessEvents.ChallengeCompleted, types);
        Assert.Contains(BusinessEvents.BadgeAwarded, types);
    }

    [Fact]
    public async Task UnknownMember_Is404() =>
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client(app.KeyA).GetAsync("/api/v1/members/13799999999/challenges")).StatusCode);
}
