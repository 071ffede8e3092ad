using ClosedXML.Excel;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Tiers;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Tiers;

/// <summary>
/// A threshold change over a real SQLite file: the dry run counts who would move (and lists them) without moving anyone;
/// the Owner's recalculation then moves exactly those, once, through the ledger, with history and audit.
/// </summary>
public sealed class TierRecalculationTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddTiers());
    private readonly CultureScope culture = new("en");
    private long up, stays, down, heldByHand;

    private TierDryRunService DryRuns => f.Get<TierDryRunService>();
    private TierRecalculationService Recalculations => f.Get<TierRecalculationService>();

    /// <summary>The tea shop with Silver from ¥150 (not ¥200) and Gold kept by ¥800 in 12 months (not ¥500).</summary>
    internal static LoyaltyAdmin.Rules.Programme Changed(LoyaltyAdmin.Rules.Programme p) => p with
    {
        Tiers = [.. p.Tiers.Select(t => t.Code switch
        {
            "silver" => t with { Entry = [TierCondition.Spend(150m), TierCondition.ActiveDays(10)] },
            "gold" => t with { Retention = [TierCondition.Spend(800m, SpendWindow.Rolling)] },
            _ => t,
        })],
    };

    public async Task InitializeAsync()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop);
        up = await SeedAsync(f, "13800000001", "regular", lifetime: 160m);
        stays = await SeedAsync(f, "13800000002", "regular", lifetime: 100m);
        down = await SeedAsync(f, "13800000003", "gold", lifetime: 600m, rolling: 600m);
        heldByHand = await SeedAsync(f, "13800000004", "gold", lifetime: 600m, rolling: 600m, overrideUntil: new DateOnly(2026, 12, 31));
        f.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        culture.Dispose();
        await f.DisposeAsync();
    }

    /// <summary>A member with real figures: lifetime spend, and confirmed orders in the rolling window.</summary>
    internal static async Task<long> SeedAsync(MembersFixture f, string phone, string tier, decimal lifetime, decimal rolling = 0m, DateOnly? overrideUntil = null)
    {
        var id = await f.AddMemberAsync(phone, tier, tierValidUntil: tier == "regular" ? null : new DateOnly(2026, 12, 31));
        await using var db = f.NewContext();
        var member = await db.Members.SingleAsync(m => m.Id == id);
        member.LifetimeSpend = lifetime;
        if (overrideUntil is { } until)
            (member.TierOverrideCode, member.TierOverrideUntil, member.TierOverrideReason) = (tier, until, "Partner staff");
        if (rolling > 0)
        {
            db.MemberOrders.Add(new MemberOrder
            {
                MemberId = id, OrderId = "O-" + phone, Amount = rolling, OccurredAtUtc = f.Clock.GetUtcNow().UtcDateTime.AddDays(-30), Channel = Channel.Store,
            });
        }
        await db.SaveChangesAsync();
        return id;
    }

    [Fact]
    public async Task DryRun_CountsWhoWouldMoveUpAndDownPerTier_OffersTheList_AndMovesNobody()
    {
        var run = await DryRuns.RunAsync(MembersFixture.Owner, Changed(ProgrammeTemplates.TeaShop));

        Assert.NotNull(run);
        Assert.Equal((4, 1, 1), (run.Members, run.MoveUp, run.MoveDown));
        var regular = run.Tiers.Single(t => t.TierCode == "regular");
        var gold = run.Tiers.Single(t => t.TierCode == "gold");
        Assert.Equal((2, 1, 0, 1), (regular.Members, regular.MoveUp, regular.MoveDown, regular.After));
        Assert.Equal((2, 0, 1, 1), (gold.Members, gold.MoveUp, gold.MoveDown, gold.After));
        Assert.Equal(2, run.Tiers.Single(t => t.TierCode == "silver").After);

        using var file = new MemoryStream();
        Assert.True(await DryRuns.WriteListAsync(MembersFixture.Owner, run.Id, file));
        file.Position = 0;
        using var book = new XLWorkbook(file);
        var rows = book.Worksheets.First().RowsUsed().Skip(1).Select(r => (r.Cell(1).GetString(), r.Cell(3).GetString(), r.Cell(4).GetString(), r.Cell(5).GetString())).ToList();
        Assert.Equal([("13800000001", "Regular", "Silver", "Up"), ("13800000003", "Gold", "Silver", "Down")], rows);

        Assert.Equal(["regular", "regular", "gold", "gold"], await TiersAsync());
    }

    [Fact]
    public async Task DryRun_IsNothing_WhenNoEntryOrRetentionConditionChanged_AndOnlyForTheOwner()
    {
        Assert.Null(await DryRuns.RunAsync(MembersFixture.Owner, ProgrammeTemplates.TeaShop with { Name = "Renamed" }));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => DryRuns.RunAsync(MembersFixture.Manager, Changed(ProgrammeTemplates.TeaShop)));
        var run = await DryRuns.RunAsync(MembersFixture.Owner, Changed(ProgrammeTemplates.TeaShop));
        var other = MembersFixture.Actor("owner-2", "other@shop.test", LoyaltyAdmin.Identity.Roles.Owner);
        Assert.False(await DryRuns.WriteListAsync(other, run!.Id, new MemoryStream()));
    }

    [Fact]
    public async Task SavingAThresholdChange_MovesNobody_UntilTheOwnerRecalculates_ThenExactlyTheDryRunsMembersMove_Once()
    {
        await f.UseProgrammeAsync(Changed(ProgrammeTemplates.TeaShop));

        Assert.Equal(2, (await Recalculations.GetStateAsync()).PendingVersion);
        Assert.Equal(["regular", "regular", "gold", "gold"], await TiersAsync());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Recalculations.RequestAsync(MembersFixture.Manager));

        var requested = await Recalculations.RequestAsync(MembersFixture.Owner);
        Assert.Equal(requested.Id, (await Recalculations.RequestAsync(MembersFixture.Owner)).Id); // asked twice, one run
        Assert.Equal(2, await Recalculations.RunPendingAsync("instance-a"));
        Assert.Equal(0, await Recalculations.RunPendingAsync("instance-a"));

        Assert.Equal(["silver", "regular", "silver", "gold"], await TiersAsync());
        var state = await Recalculations.GetStateAsync();
        Assert.Null(state.PendingVersion);
        Assert.Equal((RecalculationStatus.Completed, 4, 1, 1, 100), (state.Run!.Status, state.Run.Processed, state.Run.MovedUp, state.Run.MovedDown, state.Run.Percent));

        await using var db = f.NewContext();
        var history = await db.TierHistory.Where(h => h.ReasonCode == "recalculated").OrderBy(h => h.MemberId).ToListAsync();
        Assert.Equal([(up, TierChangeKind.Upgrade, "silver"), (down, TierChangeKind.Downgrade, "silver")],
            history.Select(h => (h.MemberId, h.Change, h.ToTier)).ToList());
        Assert.All(history, h => Assert.Equal("Recalculated after programme version 2", f.ReasonOf(h)));
        var audit = await db.AuditLog.Where(a => a.Action.StartsWith("programme.tiers_recalculat")).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["programme.tiers_recalculation_requested", "programme.tiers_recalculated"], audit);
        await f.AssertLedgerConsistentAsync(up);
    }

    [Fact]
    public async Task TheRecalculation_RunsOnOneInstance_WhileAnotherHoldsTheLease_NothingMoves()
    {
        await f.UseProgrammeAsync(Changed(ProgrammeTemplates.TeaShop));
        await Recalculations.RequestAsync(MembersFixture.Owner);
        var leases = f.Get<JobLeaseStore>();
        Assert.True(await leases.TryAcquireAsync(TierRecalculationService.LeaseName, "instance-b", TimeSpan.FromMinutes(5)));

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => Recalculations.RunPendingAsync($"instance-{i}"))));

        Assert.Equal(0, runs.Sum());
        Assert.Equal(["regular", "regular", "gold", "gold"], await TiersAsync());
        await leases.ReleaseAsync(TierRecalculationService.LeaseName, "instance-b");
        var second = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(() => Recalculations.RunPendingAsync($"instance-{i}"))));
        Assert.Equal(2, second.Sum());
        await using var db = f.NewContext();
        Assert.Equal(2, await db.TierHistory.CountAsync(h => h.ReasonCode == "recalculated"));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "programme.tiers_recalculated"));
    }

    private async Task<List<string>> TiersAsync()
    {
        await using var db = f.NewContext();
        return await db.Members.OrderBy(m => m.Id).Select(m => m.TierCode).ToListAsync();
    }
}
