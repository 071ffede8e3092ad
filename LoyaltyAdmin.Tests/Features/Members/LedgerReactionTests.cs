using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class LedgerReactionTests : IAsyncLifetime
{
    private readonly Recorder recorder = new();
    private readonly MembersFixture f;

    public LedgerReactionTests() => f = new MembersFixture(configure: s => s.AddSingleton<ILedgerReaction>(recorder));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task A_Reaction_SeesTheActivity_AndItsCampaignPointsCommitWithTheOperation()
    {
        var id = await f.AddMemberAsync();
        recorder.BonusOnPurchase = 7;

        var result = await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", f.Clock.GetUtcNow()));

        Assert.Equal(ActivityType.Purchase, Assert.Single(recorder.Seen).Activity);
        Assert.Equal(57, result.Balance);
        var entries = await f.EntriesAsync(id);
        Assert.Contains(entries, e => e.Source == PointsSource.Campaign && e.Points == 7 && e.RuleId == "test-campaign");
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task A_Reaction_ThatFails_LeavesNoLedgerEntry()
    {
        var id = await f.AddMemberAsync();
        recorder.Fail = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", f.Clock.GetUtcNow())));

        Assert.Empty(await f.EntriesAsync(id));
        await using var db = f.NewContext();
        Assert.False(await db.ProcessedEvents.AnyAsync(e => e.EventId == "evt-1"));
    }

    [Fact]
    public async Task A_Replayed_Event_DoesNotReactAgain()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", f.Clock.GetUtcNow()));
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(50m, "A1", f.Clock.GetUtcNow()));

        Assert.Single(recorder.Seen);
    }

    private sealed class Recorder : ILedgerReaction
    {
        public List<(long MemberId, ActivityType? Activity)> Seen { get; } = [];
        public long BonusOnPurchase { get; set; }
        public bool Fail { get; set; }

        public async Task ReactAsync(LedgerOperation operation, CancellationToken ct)
        {
            Seen.Add((operation.Member.Id, operation.Activity?.Type));
            if (Fail)
                throw new InvalidOperationException("reaction failed");
            if (BonusOnPurchase > 0 && operation.Activity?.Type == ActivityType.Purchase)
                await operation.CreditCampaignPointsAsync(BonusOnPurchase, "test-campaign", "test bonus");
        }
    }
}
