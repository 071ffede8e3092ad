using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Referrals.ReferralTestData;

namespace LoyaltyAdmin.Tests.Features.Referrals;

/// <summary>
/// Referral campaigns through the members' own registration and the ledger: the friend's reward with the registration,
/// the inviter's in his own operation right after, milestones, fraud guards and the catch-up. 10 March 2026 in Shanghai.
/// </summary>
public sealed class ReferralRewardTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddReferrals());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private ReferralCampaignService Campaigns => f.Get<ReferralCampaignService>();

    [Fact]
    public async Task InviteAFriend_FriendGetsTheTenYuanPack_InviterGets200PointsAndThePackOnTheFirstOrder_Once()
    {
        var inviter = await f.AddMemberAsync("13800000001");
        var pack = await TenYuanPackAsync();
        await CampaignAsync(new ReferralCampaignModel
        {
            Name = "Invite friends, both get ¥10", RefereePackId = pack, ReferrerPoints = 200, ReferrerPackId = pack, ReferrerStage = ReferralRewardStage.FirstOrder,
        });

        var friend = await RegisterAsync("13900000001", inviter);

        Assert.Equal(1, await ReferralCouponsAsync(f.DbFactory, friend));
        Assert.Equal(0, await ReferralCouponsAsync(f.DbFactory, inviter));
        Assert.Equal(0, (await f.MemberAsync(inviter)).PointsBalance);
        Assert.Equal(ReferralStatus.Registered, (await ReferralOfFriendAsync(f.DbFactory, friend)).Status);

        await f.Ledger.ApplyActivityAsync(friend, "order-1", Purchase(38m, "A1", f.Clock.GetUtcNow()));

        var referrer = await f.MemberAsync(inviter);
        Assert.Equal(200, referrer.PointsBalance);
        Assert.Equal(1, referrer.SuccessfulReferrals);
        Assert.Equal(1, await ReferralCouponsAsync(f.DbFactory, inviter));
        var referral = await ReferralOfFriendAsync(f.DbFactory, friend);
        Assert.Equal(ReferralStatus.Qualified, referral.Status);
        Assert.Equal("A1", referral.FirstOrderId);

        f.Clock.Advance(TimeSpan.FromDays(1));
        await f.Ledger.ApplyActivityAsync(friend, "order-2", Purchase(52m, "A2", f.Clock.GetUtcNow()));

        Assert.Equal(200, (await f.MemberAsync(inviter)).PointsBalance);
        Assert.Equal(1, await ReferralCouponsAsync(f.DbFactory, inviter));
        Assert.Equal("A1", (await ReferralOfFriendAsync(f.DbFactory, friend)).FirstOrderId);
        Assert.Equal(0, await PendingRewardsAsync(f.DbFactory));
        await f.AssertLedgerConsistentAsync(inviter);
    }

    [Fact]
    public async Task TheThirdRewardedFriend_TriggersTheMilestone_ExactlyOnce()
    {
        var inviter = await f.AddMemberAsync("13800000001");
        await CampaignAsync(new ReferralCampaignModel { Name = "Invite 3", ReferrerPoints = 10, MilestoneCount = 3, MilestonePoints = 200 });

        for (var i = 1; i <= 5; i++)
            await RegisterAsync($"1390000000{i}", inviter);

        Assert.Equal(5 * 10 + 200, await CampaignPointsAsync(f.DbFactory, inviter));
        var referrals = await ReferralsOfAsync(f.DbFactory, inviter);
        Assert.All(referrals, r => Assert.Equal(ReferralStatus.Qualified, r.Status));
        Assert.Equal([false, false, true, false, false], referrals.Select(r => r.MilestoneRewarded));
        Assert.Equal(5, (await f.MemberAsync(inviter)).SuccessfulReferrals);
    }

    [Fact]
    public async Task ACap_StopsRewardingTheInviter_AndSaysWhy()
    {
        var inviter = await f.AddMemberAsync("13800000001");
        await CampaignAsync(new ReferralCampaignModel { Name = "Capped", RefereePoints = 5, ReferrerPoints = 100, CapPerReferrer = 2 });

        for (var i = 1; i <= 3; i++)
            await RegisterAsync($"1390000000{i}", inviter);

        Assert.Equal(200, await CampaignPointsAsync(f.DbFactory, inviter));
        var last = (await ReferralsOfAsync(f.DbFactory, inviter))[^1];
        Assert.Equal(ReferralStatus.Rejected, last.Status);
        Assert.Equal(ReferralRejection.CapReached, last.RejectedReason);
        Assert.Equal(2, (await f.MemberAsync(inviter)).SuccessfulReferrals);
    }

    [Fact]
    public async Task ASelfReferral_IsRejected_AndRewardsNobody()
    {
        await CampaignAsync(new ReferralCampaignModel { Name = "Self", RefereePoints = 50, ReferrerPoints = 100 });
        var member = await f.AddMemberAsync("13800000001");
        await using (var db = f.NewContext())
            await db.Members.Where(m => m.Id == member).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReferredByMemberId, member));

        await f.Ledger.ApplyActivityAsync(member, $"registration:{member}", new Activity { Type = ActivityType.Registration, OccurredAt = f.Clock.GetUtcNow() });

        var referral = await ReferralOfFriendAsync(f.DbFactory, member);
        Assert.Equal(ReferralRejection.SelfReferral, referral.RejectedReason);
        Assert.Equal(0, await CampaignPointsAsync(f.DbFactory, member));
        Assert.Equal(0, (await f.MemberAsync(member)).SuccessfulReferrals);
    }

    [Fact]
    public async Task APhone_IsReferredOnce_AnotherCodeForTheSamePhoneCountsNothing()
    {
        var first = await f.AddMemberAsync("13800000001");
        var second = await f.AddMemberAsync("13800000002");
        await CampaignAsync(new ReferralCampaignModel { Name = "Once", RefereePoints = 50, ReferrerPoints = 100 });
        await RegisterAsync("13900000001", first);

        var again = await f.Get<MemberService>().SaveProfileAsync(Owner,
            new MemberProfileModel { Phone = "139 0000 0001", Name = "Again", ReferredByCode = (await f.MemberAsync(second)).ReferralCode });

        Assert.NotNull(again.For(nameof(MemberProfileModel.Phone)));
        Assert.Empty(await ReferralsOfAsync(f.DbFactory, second));
        Assert.Equal(0, (await f.MemberAsync(second)).PointsBalance);
        await using var db = f.NewContext();
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.RefereePhone == "13900000001"));
    }

    [Fact]
    public async Task OutsideTheWindow_NoCampaignReward()
    {
        var inviter = await f.AddMemberAsync("13800000001");
        await CampaignAsync(new ReferralCampaignModel
        {
            Name = "March", RefereePoints = 50, ReferrerPoints = 100, ReferrerStage = ReferralRewardStage.FirstOrder,
            StartDate = new DateTime(2026, 3, 1), EndDate = new DateTime(2026, 3, 10),
        });
        var inWindow = await RegisterAsync("13900000001", inviter);

        f.Clock.Advance(TimeSpan.FromDays(1)); // 11 March in Shanghai: the campaign has ended
        await f.Ledger.ApplyActivityAsync(inWindow, "order-late", Purchase(60m, "L1", f.Clock.GetUtcNow()));
        var late = await RegisterAsync("13900000002", inviter);

        var first = await ReferralOfFriendAsync(f.DbFactory, inWindow);
        Assert.Equal(ReferralRejection.OutsideWindow, first.RejectedReason);
        var second = await ReferralOfFriendAsync(f.DbFactory, late);
        Assert.Null(second.CampaignId);
        Assert.Equal(0, await CampaignPointsAsync(f.DbFactory, late));
        Assert.Equal(50, await CampaignPointsAsync(f.DbFactory, inWindow));
        Assert.Equal(0, await CampaignPointsAsync(f.DbFactory, inviter));
    }

    [Fact]
    public async Task ARewardTheInvitersOperationCouldNotApply_StaysPending_AndTheCatchUpAppliesItExactlyOnce()
    {
        var inviter = await f.AddMemberAsync("13800000001");
        await CampaignAsync(new ReferralCampaignModel { Name = "Pending", ReferrerPoints = 100 });
        await SetStatusAsync(inviter, MemberStatus.Frozen);

        await RegisterAsync("13900000001", inviter);

        Assert.Equal(1, await PendingRewardsAsync(f.DbFactory));
        Assert.Equal(0, (await f.MemberAsync(inviter)).PointsBalance);
        await SetStatusAsync(inviter, MemberStatus.Active);
        var rewards = f.Get<ReferralRewards>();

        var applied = await Task.WhenAll(rewards.CatchUpAsync(), rewards.CatchUpAsync());
        await rewards.CatchUpAsync();

        Assert.Equal(1, applied.Sum());
        Assert.Equal(100, (await f.MemberAsync(inviter)).PointsBalance);
        Assert.Equal(1, (await f.MemberAsync(inviter)).SuccessfulReferrals);
        Assert.Equal(0, await PendingRewardsAsync(f.DbFactory));
        await f.AssertLedgerConsistentAsync(inviter);
    }

    [Fact]
    public async Task TheFunnel_CountsEachStep_AndRanksTheInviters()
    {
        var busy = await f.AddMemberAsync("13800000001");
        var quiet = await f.AddMemberAsync("13800000002");
        var id = await CampaignAsync(new ReferralCampaignModel { Name = "Funnel", RefereePoints = 5, ReferrerPoints = 10, ReferrerStage = ReferralRewardStage.FirstOrder });
        var a = await RegisterAsync("13900000001", busy);
        await RegisterAsync("13900000002", busy);
        await RegisterAsync("13900000003", quiet);
        await f.Ledger.ApplyActivityAsync(a, "order-a", Purchase(20m, "F1", f.Clock.GetUtcNow()));

        var detail = await Campaigns.GetDetailAsync(Analyst, id);

        var funnel = detail!.Funnel;
        Assert.Equal((3, 3, 1, 1, 0), (funnel.Registrations, funnel.RefereesRewarded, funnel.FirstOrders, funnel.ReferrersRewarded, funnel.Milestones));
        Assert.Empty(funnel.Rejected);
        Assert.Equal([busy, quiet], detail.TopReferrers.Select(t => t.MemberId));
        Assert.Equal("138****0001", detail.TopReferrers[0].Phone);
        Assert.Equal((2, 1, 1), (detail.TopReferrers[0].Referrals, detail.TopReferrers[0].FirstOrders, detail.TopReferrers[0].Rewarded));
    }

    private async Task<long> TenYuanPackAsync()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, "¥10 no threshold");
        return await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.ReferralReward, (template, 1));
    }

    private async Task<long> CampaignAsync(ReferralCampaignModel model)
    {
        model.StartDate ??= new DateTime(2026, 3, 1);
        model.EndDate ??= new DateTime(2026, 3, 31);
        var saved = await Campaigns.SaveAsync(Owner, model);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return model.Id;
    }

    private async Task<long> RegisterAsync(string phone, long inviter)
    {
        var model = new MemberProfileModel { Phone = phone, Name = "Friend " + phone[^2..], ReferredByCode = (await f.MemberAsync(inviter)).ReferralCode };
        var saved = await f.Get<MemberService>().SaveProfileAsync(Owner, model);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return model.Id;
    }

    private async Task SetStatusAsync(long memberId, MemberStatus status)
    {
        await using var db = f.NewContext();
        await db.Members.Where(m => m.Id == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, status));
    }
}
