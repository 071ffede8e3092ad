using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Referrals.ReferralTestData;

namespace LoyaltyAdmin.Tests.Features.Referrals;

/// <summary>Each side of a referral rewarded at the stage its campaign names: the friend's registration, first order, or both.</summary>
public sealed class ReferralStageTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddReferrals());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private async Task CampaignAsync(ReferralRewardStage referee, ReferralRewardStage referrer)
    {
        var saved = await f.Get<ReferralCampaignService>().SaveAsync(Owner, new ReferralCampaignModel
        {
            Name = "Stages", StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 3, 31),
            RefereePoints = 30, RefereeStage = referee, ReferrerPoints = 100, ReferrerStage = referrer,
        });
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => $"{e.Key}: {e.Value}")));
    }

    private async Task<long> RegisterAsync(string phone, long inviter)
    {
        var model = new MemberProfileModel { Phone = phone, Name = "Friend", ReferredByCode = (await f.MemberAsync(inviter)).ReferralCode };
        Assert.True((await f.Get<MemberService>().SaveProfileAsync(Owner, model)).Succeeded);
        return model.Id;
    }

    [Theory]
    // The friend on the first order only, the inviter at both stages.
    [InlineData(ReferralRewardStage.FirstOrder, ReferralRewardStage.Both, 0, 100, 30, 200)]
    // The friend at both stages, the inviter on registration only.
    [InlineData(ReferralRewardStage.Both, ReferralRewardStage.Registration, 30, 100, 60, 100)]
    // The friend on registration, the inviter on the first order (what campaigns did before stages could be chosen).
    [InlineData(ReferralRewardStage.Registration, ReferralRewardStage.FirstOrder, 30, 0, 30, 100)]
    public async Task EachSide_IsRewardedAtItsStages_Once(ReferralRewardStage referee, ReferralRewardStage referrer,
        long friendOnRegistering, long inviterOnRegistering, long friendAfterOrders, long inviterAfterOrders)
    {
        var inviter = await f.AddMemberAsync("13800000001");
        await CampaignAsync(referee, referrer);

        var friend = await RegisterAsync("13900000001", inviter);

        Assert.Equal((friendOnRegistering, inviterOnRegistering), (await CampaignPointsAsync(f.DbFactory, friend), await CampaignPointsAsync(f.DbFactory, inviter)));
        await f.Ledger.ApplyActivityAsync(friend, "order-1", Purchase(38m, "A1", f.Clock.GetUtcNow()));
        f.Clock.Advance(TimeSpan.FromDays(1));
        await f.Ledger.ApplyActivityAsync(friend, "order-2", Purchase(52m, "A2", f.Clock.GetUtcNow()));

        Assert.Equal((friendAfterOrders, inviterAfterOrders), (await CampaignPointsAsync(f.DbFactory, friend), await CampaignPointsAsync(f.DbFactory, inviter)));
        Assert.Equal(0, await PendingRewardsAsync(f.DbFactory));
        await f.AssertLedgerConsistentAsync(friend);
        await f.AssertLedgerConsistentAsync(inviter);
    }
}
