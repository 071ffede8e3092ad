using System.Net;
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

    private async Task<(long Id, string Code)> CodeAsync(HttpClient client, string phone)
    {
        Assert.Equal(HttpStatusCode.Created, (await app.RegisterAsync(client, phone)).StatusCode);
        await using var db = await Factory.CreateDbContextAsync();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == phone);
        return (member.Id, member.ReferralCode);
    }
}
