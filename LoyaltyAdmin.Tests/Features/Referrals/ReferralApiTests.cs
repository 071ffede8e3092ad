using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Features.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Referrals.ReferralTestData;

namespace LoyaltyAdmin.Tests.Features.Referrals;

/// <summary>Registration over the integration API with a referral code, through the real host (26 November 2026 in Shanghai).</summary>
public sealed class ReferralApiTests : IAsyncLifetime
{
    private readonly ApiTestHost app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    private IDbContextFactory<LoyaltyDbContext> Factory => app.Factory;

    [Fact]
    public async Task AFriendRegisteringOverTheApi_IsRewarded_AndTheSamePhoneCannotBeReferredAgainUnderAnotherCode()
    {
        var saved = await app.Host.Services.GetRequiredService<ReferralCampaignService>().SaveAsync(Members.MembersFixture.Owner, new ReferralCampaignModel
        {
            Name = "Both get points", StartDate = new DateTime(2026, 11, 1), EndDate = new DateTime(2026, 12, 31), RefereePoints = 50, ReferrerPoints = 100,
        });
        Assert.True(saved.Succeeded);
        using var client = app.Client(app.KeyA);
        var first = await CodeAsync(client, "13800000001");
        var second = await CodeAsync(client, "13800000002");

        var registered = await app.RegisterAsync(client, "13900000001", "reg-friend", referralCode: first.Code);
        var again = await app.RegisterAsync(client, "13900000001", "reg-friend-again", referralCode: second.Code);

        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(50, (await ApiTestHost.JsonAsync(registered)).GetProperty("points").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(100, await CampaignPointsAsync(Factory, first.Id));
        Assert.Equal(0, await CampaignPointsAsync(Factory, second.Id));
        Assert.Empty(await ReferralsOfAsync(Factory, second.Id));
        var referral = Assert.Single(await ReferralsOfAsync(Factory, first.Id));
        Assert.Equal(ReferralStatus.Qualified, referral.Status);
    }

    [Fact]
    public async Task ReferralLinkVisits_ReportedByTheMiniProgram_AreTheFunnelsFirstStep()
    {
        var campaigns = app.Host.Services.GetRequiredService<ReferralCampaignService>();
        Assert.True((await campaigns.SaveAsync(Members.MembersFixture.Owner, new ReferralCampaignModel
        {
            Name = "Invite friends", StartDate = new DateTime(2026, 11, 1), EndDate = new DateTime(2026, 12, 31), ReferrerPoints = 100,
        })).Succeeded);
        using var client = app.Client(app.KeyA);
        var inviter = await CodeAsync(client, "13800000011");

        var visits = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            client.PostAsJsonAsync("/api/v1/referrals/visits", new { referralCode = inviter.Code.ToLowerInvariant() })));
        var unknown = await client.PostAsJsonAsync("/api/v1/referrals/visits", new { referralCode = "NOSUCHCODE" });
        await app.RegisterAsync(client, "13900000011", "reg-visitor", referralCode: inviter.Code);

        Assert.All(visits, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        Assert.True((await ApiTestHost.JsonAsync(visits[0])).GetProperty("counted").GetBoolean());
        await Api.ApiEndpointTests.AssertProblemAsync(unknown, HttpStatusCode.NotFound, "unknown_referral_code");
        var id = (await campaigns.ListAsync(Members.MembersFixture.Owner)).Single().Id;
        var funnel = (await campaigns.GetDetailAsync(Members.MembersFixture.Owner, id))!.Funnel;
        Assert.Equal((3L, 1), (funnel.LinkUses, funnel.Registrations));
    }

    private async Task<(long Id, string Code)> CodeAsync(HttpClient client, string phone)
    {
        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(client, phone)).StatusCode);
        await using var db = await Factory.CreateDbContextAsync();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == phone);
        return (member.Id, member.ReferralCode);
    }
}
