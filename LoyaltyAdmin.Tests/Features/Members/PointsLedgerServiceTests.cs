using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class PointsLedgerServiceTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static readonly LoyaltyAdmin.Rules.Programme TeaShopWithoutReturnWindow = ProgrammeTemplates.TeaShop with { Expiry = ExpiryPolicy.RollingMonths(12) };

    private DateTimeOffset Now => f.Clock.GetUtcNow();

    [Fact]
    public async Task Purchase_WithTheMinimalProgramme_EarnsOnePointPerYuan_AndTheBalanceIsTheSumOfTheLedger()
    {
        var id = await f.AddMemberAsync();

        var result = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(88.8m, "A1", Now));

        Assert.True(result.Succeeded);
        Assert.Equal(88, result.Points);
        Assert.Equal(88, result.Balance);
        var entry = Assert.Single(await f.EntriesAsync(id));
        Assert.Equal((PointsEntryKind.Earn, PointsSource.Order, "purchase", "A1"), (entry.Kind, entry.Source, entry.RuleId, entry.OrderId));
        var member = await f.MemberAsync(id);
        Assert.Equal(88.8m, member.LifetimeSpend);
        Assert.Equal(1, member.Version);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task SameEventId_SentTwice_AwardsOnce_AndAnswersTheOriginalResult()
    {
        var id = await f.AddMemberAsync();
        var first = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", Now));

        var again = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", Now));

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.Points, first.Balance, first.TierCode), (again.Points, again.Balance, again.TierCode));
        Assert.Equal(first.Rules, again.Rules);
        Assert.Single(await f.EntriesAsync(id));
    }

    [Fact]
    public async Task Earned_PointsExpire_OnTheMerchantLocalDayByPolicy()
    {
        var id = await f.AddMemberAsync();
        // 20:30 UTC on 31 March is already 1 April in Shanghai: the lot belongs to 1 April.
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(10m, "A1", new DateTimeOffset(2026, 3, 31, 20, 30, 0, TimeSpan.Zero)));

        var lot = Assert.Single(await f.LotsAsync(id));
        Assert.Equal(new DateOnly(2026, 4, 1), lot.EarnedOn);
        Assert.Equal(new DateOnly(2027, 3, 31), lot.ExpiresOn);
    }

    [Fact]
    public async Task Redemption_TakesTheOldestLotsFirst()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(30m, "A1", Now.AddDays(-20)));
        await f.Ledger.ApplyActivityAsync(id, "evt-2", Purchase(50m, "A2", Now.AddDays(-10)));
        await f.Ledger.ApplyActivityAsync(id, "evt-3", Purchase(70m, "A3", Now));

        var result = await f.Ledger.RedeemAsync(id, 60, "redeem-1");

        Assert.True(result.Succeeded);
        Assert.Equal(90, result.Balance);
        Assert.Equal([0L, 20L, 70L], (await f.LotsAsync(id)).Select(l => l.Remaining));
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Redemption_LargerThanTheBalance_IsRefused_AndWritesNothing()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(30m, "A1", Now));

        var result = await f.Ledger.RedeemAsync(id, 31, "redeem-1");

        Assert.Equal(LedgerError.InsufficientPoints, result.Error);
        Assert.Single(await f.EntriesAsync(id));
        Assert.Equal(30, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task Redemption_IsIdempotentByRequestId()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));

        await f.Ledger.RedeemAsync(id, 40, "redeem-1");
        var again = await f.Ledger.RedeemAsync(id, 40, "redeem-1");

        Assert.True(again.Duplicate);
        Assert.Equal(60, (await f.MemberAsync(id)).PointsBalance);
    }

    [Theory]
    [InlineData(30, 30)]
    [InlineData(33.33, 33)]
    [InlineData(100, 100)]
    public async Task PartialRefund_ReversesPointsInProportion(decimal refund, long reversed)
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));

        var result = await f.Ledger.RefundAsync(id, "refund-1", "A1", refund, Now);

        Assert.True(result.Succeeded);
        Assert.Equal(-reversed, result.Points);
        Assert.Equal(100 - reversed, result.Balance);
        Assert.Equal(100m - refund, (await f.MemberAsync(id)).LifetimeSpend);
        var entry = (await f.EntriesAsync(id)).Last();
        Assert.Equal((PointsEntryKind.Reverse, PointsSource.Order, "A1"), (entry.Kind, entry.Source, entry.OrderId));
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task RefundsAddingUpToTheOrder_ReverseExactlyWhatItEarned()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(99m, "A1", Now));

        await f.Ledger.RefundAsync(id, "refund-1", "A1", 33m, Now);
        await f.Ledger.RefundAsync(id, "refund-2", "A1", 33m, Now);
        await f.Ledger.RefundAsync(id, "refund-3", "A1", 33m, Now);
        var tooMuch = await f.Ledger.RefundAsync(id, "refund-4", "A1", 0.01m, Now);

        Assert.Equal(LedgerError.RefundExceedsOrder, tooMuch.Error);
        Assert.Equal(0, (await f.MemberAsync(id)).PointsBalance);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Refund_AfterThePointsWereSpent_StopsAtZero_AndRecordsTheShortfall()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));
        await f.Ledger.RedeemAsync(id, 80, "redeem-1");

        await f.Ledger.RefundAsync(id, "refund-1", "A1", 100m, Now);

        var reversal = (await f.EntriesAsync(id)).Last();
        Assert.Equal((-20L, 80L), (reversal.Points, reversal.Shortfall));
        Assert.Equal(0, (await f.MemberAsync(id)).PointsBalance);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Refund_OfAnUnknownOrder_IsRefused()
    {
        var id = await f.AddMemberAsync();

        var result = await f.Ledger.RefundAsync(id, "refund-1", "NOPE", 10m, Now);

        Assert.Equal(LedgerError.UnknownOrder, result.Error);
    }

    [Fact]
    public async Task Purchase_ReachingSilverSpend_UpgradesAtOnce_WithItsReasonInTheTierHistory()
    {
        await f.UseProgrammeAsync(TeaShopWithoutReturnWindow);
        var id = await f.AddMemberAsync();

        var result = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(250m, "A1", Now));

        Assert.True(result.TierChanged);
        Assert.Equal("silver", result.TierCode);
        await using var db = f.NewContext();
        var history = await db.TierHistory.SingleAsync(h => h.MemberId == id);
        Assert.Equal((TierChangeKind.Upgrade, "regular", "silver"), (history.Change, history.FromTier, history.ToTier));
        Assert.Equal(("spend", "200"), (history.ReasonCode, history.ReasonArgument)); // kept as data, rendered in the reader's language
        Assert.Contains("200", f.ReasonOf(history));
        Assert.Equal(new DateOnly(2027, 3, 9), history.ValidUntil);
    }

    [Fact]
    public async Task FullRefund_OfTheOrderThatEarnedTheTier_TakesTheTierBack()
    {
        await f.UseProgrammeAsync(TeaShopWithoutReturnWindow);
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(250m, "A1", Now));

        var result = await f.Ledger.RefundAsync(id, "refund-1", "A1", 250m, Now);

        Assert.True(result.TierChanged);
        Assert.Equal("regular", (await f.MemberAsync(id)).TierCode);
    }

    [Fact]
    public async Task PendingPurchasePoints_CannotBeSpent_UntilTheReturnWindowEnds()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.Minimal with { Expiry = ExpiryPolicy.RollingMonths(12, pendingDays: 7) });
        var id = await f.AddMemberAsync();

        var earned = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));
        var redeem = await f.Ledger.RedeemAsync(id, 10, "redeem-1");

        Assert.Equal((100L, 0L), (earned.Balance, earned.Available));
        Assert.Equal(LedgerError.InsufficientPoints, redeem.Error);
        Assert.Equal(0m, (await f.MemberAsync(id)).LifetimeSpend);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Refund_OfAPendingOrder_TakesItsOwnPendingPoints()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.Minimal with { Expiry = ExpiryPolicy.RollingMonths(12, pendingDays: 7) });
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));

        await f.Ledger.RefundAsync(id, "refund-1", "A1", 40m, Now);

        var member = await f.MemberAsync(id);
        Assert.Equal((60L, 60L), (member.PointsBalance, member.PendingPoints));
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task Activity_ForAFrozenMember_EarnsNothing()
    {
        var id = await f.AddMemberAsync();
        await using (var db = f.NewContext())
            await db.Members.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MemberStatus.Frozen));

        var result = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(100m, "A1", Now));

        Assert.Equal(LedgerError.MemberNotActive, result.Error);
        Assert.Empty(await f.EntriesAsync(id));
    }
}
