using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>
/// The approval limit (500) holds per operator per member per merchant day, however the points are split or sent, and an
/// operator's adjustments of the day together stop at the merchant's daily total (2,000 unless set otherwise).
/// </summary>
public sealed class AdjustmentLimitTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(approvalLimit: 500);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static AdjustPointsModel Adjust(long memberId, long points) =>
        new() { MemberId = memberId, Points = points, Reason = AdjustmentReason.Goodwill, Note = "sorry" };

    private async Task<int> PendingAsync()
    {
        await using var db = f.NewContext();
        return await db.AdjustmentRequests.CountAsync(r => r.Status == AdjustmentStatus.Pending);
    }

    [Fact]
    public async Task TwoAdjustmentsOfTheLimit_OnOneMember_TheSecondWaitsForTheOwner()
    {
        var id = await f.AddStoreMemberAsync();

        var first = await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));
        var second = await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));

        Assert.Equal(AdjustOutcome.Applied, first.Outcome);
        Assert.Equal((AdjustOutcome.AwaitingApproval, AdjustmentHold.MemberDayLimit), (second.Outcome, second.Hold));
        Assert.Equal(500, (await f.MemberAsync(id)).PointsBalance);
        Assert.Equal(1, await PendingAsync());
    }

    [Fact]
    public async Task TwoAdjustmentsOfTheLimit_SentAtOnce_OneWaitsForTheOwner()
    {
        var id = await f.AddStoreMemberAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => f.Ledger.AdjustAsync(Manager, Adjust(id, 500)))));

        Assert.Single(results, r => r.Outcome == AdjustOutcome.Applied);
        Assert.Single(results, r => r.Outcome == AdjustOutcome.AwaitingApproval);
        Assert.Equal(500, (await f.MemberAsync(id)).PointsBalance);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Deductions_CountTowardTheLimit_AsWellAsAdditions()
    {
        var id = await f.AddStoreMemberAsync();
        await f.Ledger.AdjustAsync(Manager, Adjust(id, 300));

        var back = await f.Ledger.AdjustAsync(Manager, Adjust(id, -300));

        Assert.Equal(AdjustOutcome.AwaitingApproval, back.Outcome);
        Assert.Equal(300, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task TheLimit_StartsAgain_OnTheNextMerchantDay_NotTheNextUtcDay()
    {
        var id = await f.AddStoreMemberAsync();
        await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));

        f.Clock.Now = new DateTimeOffset(2026, 3, 10, 15, 30, 0, TimeSpan.Zero); // 23:30 in Shanghai, the same day
        var sameDay = await f.Ledger.AdjustAsync(Manager, Adjust(id, 1));
        f.Clock.Now = new DateTimeOffset(2026, 3, 10, 16, 30, 0, TimeSpan.Zero); // 00:30 the next day, still the 10th in UTC
        var nextDay = await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));

        Assert.Equal(AdjustOutcome.AwaitingApproval, sameDay.Outcome);
        Assert.Equal(AdjustOutcome.Applied, nextDay.Outcome);
    }

    [Fact]
    public async Task EachOperator_HasTheirOwnLimit_AndTheOwnerIsNotHeld()
    {
        var id = await f.AddStoreMemberAsync();
        await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));

        var colleague = await f.Ledger.AdjustAsync(ManagerOf(ManagerStoreId, "manager-2", "colleague@shop.test"), Adjust(id, 500));
        var owner = await f.Ledger.AdjustAsync(Owner, Adjust(id, 5_000));

        Assert.Equal(AdjustOutcome.Applied, colleague.Outcome);
        Assert.Equal(AdjustOutcome.Applied, owner.Outcome);
        Assert.Equal(6_000, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task AnOperatorsDailyTotal_OfTwoThousand_HoldsEveryFurtherAdjustment()
    {
        var members = new List<long>();
        for (var i = 0; i < 6; i++)
            members.Add(await f.AddStoreMemberAsync($"1380000000{i}"));

        var withinTotal = new List<AdjustOutcome>();
        foreach (var id in members.Take(5))
            withinTotal.Add((await f.Ledger.AdjustAsync(Manager, Adjust(id, 400))).Outcome);
        var beyond = await f.Ledger.AdjustAsync(Manager, Adjust(members[5], 1));

        Assert.All(withinTotal, o => Assert.Equal(AdjustOutcome.Applied, o));
        Assert.Equal((AdjustOutcome.AwaitingApproval, AdjustmentHold.OperatorDayTotal), (beyond.Outcome, beyond.Hold));
        Assert.Equal(0, (await f.MemberAsync(members[5])).PointsBalance);
    }

    [Fact]
    public async Task TheDailyTotal_IsTheOneSetInMerchantSettings()
    {
        await using (var db = f.NewContext())
        {
            db.MerchantSettings.Add(new MerchantSettings { DailyAdjustmentTotal = 600 });
            await db.SaveChangesAsync();
        }
        f.Get<MerchantClock>().Invalidate();
        var a = await f.AddStoreMemberAsync("13800000001");
        var b = await f.AddStoreMemberAsync("13800000002");

        var first = await f.Ledger.AdjustAsync(Manager, Adjust(a, 400));
        var second = await f.Ledger.AdjustAsync(Manager, Adjust(b, 400));

        Assert.Equal(AdjustOutcome.Applied, first.Outcome);
        Assert.Equal((AdjustOutcome.AwaitingApproval, AdjustmentHold.OperatorDayTotal), (second.Outcome, second.Hold));
    }
}
