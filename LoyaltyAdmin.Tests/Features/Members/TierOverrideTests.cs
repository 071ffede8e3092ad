using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Programme;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>A tier set by hand: a reason and a last day, a floor the engine keeps until then, history and the report's "Set by hand" column.</summary>
public sealed class TierOverrideTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();
    private readonly CultureScope culture = new("en");

    private TierOverrideService Overrides => f.Get<TierOverrideService>();

    public async Task InitializeAsync() => await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop);

    public async Task DisposeAsync()
    {
        culture.Dispose();
        await f.DisposeAsync();
    }

    private static SetTierModel Gold(long id, string until = "2026-06-30", string? reason = "Partner café staff") =>
        new() { MemberId = id, TierCode = "gold", Until = DateTime.Parse(until, System.Globalization.CultureInfo.InvariantCulture), Reason = reason };

    private async Task<List<TierHistoryEntry>> HistoryAsync(long id)
    {
        await using var db = f.NewContext();
        return await db.TierHistory.Where(h => h.MemberId == id).OrderBy(h => h.Id).ToListAsync();
    }

    [Fact]
    public async Task TheOwnerSetsGold_WithAReasonAndAnEnd_ItIsManualInHistory_Audited_AndCountedAsSetByHand()
    {
        var id = await f.AddMemberAsync();

        var result = await Overrides.SetAsync(MembersFixture.Owner, Gold(id));

        Assert.True(result.Succeeded);
        var member = await f.MemberAsync(id);
        Assert.Equal(("gold", "gold", new DateOnly(2026, 6, 30), "Partner café staff"),
            (member.TierCode, member.TierOverrideCode, member.TierOverrideUntil, member.TierOverrideReason));
        var entry = Assert.Single(await HistoryAsync(id));
        Assert.Equal((TierChangeKind.Manual, "Set by hand until 2026-06-30: Partner café staff"), (entry.Change, f.ReasonOf(entry)));
        await using var db = f.NewContext();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "member.tier_set" && a.EntityId == id.ToString()));
        // What the report's "Set by hand" column adds up.
        Assert.Equal(1, await db.MonthlyTotals.Where(t => t.Measure == Measures.Tier && t.Key.StartsWith("Manual:")).SumAsync(t => t.Count));
    }

    [Fact]
    public async Task NoReason_OrAnEndInThePast_AreFieldErrors_AndNothingChanges()
    {
        var id = await f.AddMemberAsync();

        var result = await Overrides.SetAsync(MembersFixture.Owner, Gold(id, until: "2026-03-01", reason: " "));

        Assert.False(result.Succeeded);
        Assert.NotNull(result.For(nameof(SetTierModel.Reason)));
        Assert.NotNull(result.For(nameof(SetTierModel.Until)));
        Assert.Equal("regular", (await f.MemberAsync(id)).TierCode);
        Assert.Empty(await HistoryAsync(id));
    }

    [Fact]
    public async Task WhileItHolds_TheEngineDoesNotMoveTheMemberBelowIt_TheDayAfterItsEnd_TheNormalRulesDo()
    {
        // Gold by its own qualification until 31 March, set by hand until 30 June, with no spend to keep it.
        var id = await f.AddMemberAsync(tier: "gold", tierValidUntil: new DateOnly(2026, 3, 31));
        await using (var db = f.NewContext())
        {
            var m = await db.Members.SingleAsync(x => x.Id == id);
            (m.TierOverrideCode, m.TierOverrideUntil, m.TierOverrideReason) = ("gold", new DateOnly(2026, 6, 30), "Partner café staff");
            await db.SaveChangesAsync();
        }

        Assert.Equal(TierChange.Keep, await f.Ledger.EvaluateTierValidityAsync(id, new DateOnly(2026, 4, 1)));
        var held = await f.MemberAsync(id);
        Assert.Equal(("gold", new DateOnly(2026, 6, 30)), (held.TierCode, held.TierValidUntil));
        Assert.Equal(TierChange.None, await f.Ledger.EvaluateTierValidityAsync(id, new DateOnly(2026, 6, 30)));

        Assert.Equal(TierChange.Downgrade, await f.Ledger.EvaluateTierValidityAsync(id, new DateOnly(2026, 7, 1)));

        var after = await f.MemberAsync(id);
        Assert.Equal(("regular", (string?)null), (after.TierCode, after.TierOverrideCode));
        var history = await HistoryAsync(id);
        Assert.Equal([(TierChangeKind.Keep, "gold"), (TierChangeKind.Downgrade, "regular")], history.Select(h => (h.Change, h.ToTier)).ToList());
        Assert.Equal("Set by hand until 2026-06-30", f.ReasonOf(history[0]));
        Assert.StartsWith("Set by hand until 2026-06-30, which has ended", f.ReasonOf(history[1]));
    }

    [Fact]
    public async Task SetByHand_ThenItsEndPasses_HistoryRecordsBothEvents()
    {
        var id = await f.AddMemberAsync();
        await Overrides.SetAsync(MembersFixture.Owner, Gold(id));

        await f.Ledger.EvaluateTierValidityAsync(id, new DateOnly(2026, 7, 1));

        Assert.Equal([TierChangeKind.Manual, TierChangeKind.Downgrade], (await HistoryAsync(id)).Select(h => h.Change).ToList());
        Assert.Equal("regular", (await f.MemberAsync(id)).TierCode);
    }

    [Fact]
    public async Task AStoreManager_SetsTiers_OnlyWhenTheOwnerAllowsIt_AndOnlyForTheirStoresMembers()
    {
        var id = await f.AddStoreMemberAsync();
        var elsewhere = await f.AddMemberAsync("13800000009");
        Assert.False(await Overrides.MaySetAsync(MembersFixture.Manager));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Overrides.SetAsync(MembersFixture.Manager, Gold(id)));

        await using (var db = f.NewContext())
        {
            var settings = await db.MerchantSettings.SingleOrDefaultAsync(s => s.Id == MerchantSettings.SingletonId);
            if (settings is null)
                db.MerchantSettings.Add(settings = new MerchantSettings { Id = MerchantSettings.SingletonId });
            settings.StoreManagersMaySetTier = true;
            await db.SaveChangesAsync();
        }
        f.Get<MerchantClock>().Invalidate();

        Assert.True(await Overrides.MaySetAsync(MembersFixture.Manager));
        Assert.True((await Overrides.SetAsync(MembersFixture.Manager, Gold(id))).Succeeded);
        await Assert.ThrowsAnyAsync<Exception>(() => Overrides.SetAsync(MembersFixture.Manager, Gold(elsewhere)));
        Assert.Equal("regular", (await f.MemberAsync(elsewhere)).TierCode);
    }
}
