using System.Collections.Concurrent;
using System.Diagnostics;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Tiers;

/// <summary>One tier's line of a dry run: members in it now, how many of them would move up or down, and how many it would hold after.</summary>
public sealed record TierMoveCount(string TierCode, string TierName, int Members, int MoveUp, int MoveDown, int After);

/// <summary>What a recalculation under a draft would do, computed without writing; <see cref="Id"/> names its list of moves for the download.</summary>
public sealed record TierDryRun(Guid Id, int Members, int MoveUp, int MoveDown, IReadOnlyList<TierMoveCount> Tiers, TimeSpan Took)
{
    public bool AnyMove => MoveUp + MoveDown > 0;
}

/// <summary>
/// The dry run of a threshold change: every member re-qualified under the draft from their real figures (stored counters
/// and rolling spend), exactly as the recalculation would decide, and nothing written. The list of moves is kept for an
/// hour for its owner to download as a workbook.
/// </summary>
public sealed class TierDryRunService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore store,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<TiersText> l)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);
    private readonly ConcurrentDictionary<Guid, Moves> results = new();

    /// <summary>
    /// The dry run of saving <paramref name="draft"/>; null when it decides tiers as the members' current qualification does
    /// (no entry or retention condition changed), so nobody would move.
    /// </summary>
    public async Task<TierDryRun?> RunAsync(StaffActor actor, Rules.Programme draft, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Programme.Manage);
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await TierQualification.BaselineVersionIdAsync(db, ct) is not { } baselineId)
            return null;
        var before = (await store.GetVersionAsync(baselineId, ct)).Programme;
        if (!TierReview.QualificationChanged(before, draft))
            return null;
        var today = await merchantClock.TodayAsync(ct);
        var (rollingBefore, rollingAfter) = await TierQualification.RollingForAsync(db, before, draft, clock.GetUtcNow().UtcDateTime, ct);
        var tiers = TierEngine.Ordered(draft);
        var now = new Dictionary<string, int>(StringComparer.Ordinal);
        var up = new Dictionary<string, int>(StringComparer.Ordinal);
        var down = new Dictionary<string, int>(StringComparer.Ordinal);
        var after = new Dictionary<string, int>(StringComparer.Ordinal);
        var moves = new Dictionary<long, (string From, string To)>();
        var members = 0;
        await foreach (var row in TierQualification.Rows(db).AsAsyncEnumerable().WithCancellation(ct))
        {
            members++;
            var decision = TierQualification.Decide(before, draft, row, rollingBefore, rollingAfter, today);
            // A tier the draft no longer has counts as its base tier, as the engine treats it.
            var from = decision.From.Code;
            Add(now, from);
            Add(after, decision.To.Code);
            if (decision.Change == TierChange.Upgrade)
                Add(up, from);
            else if (decision.Change == TierChange.Downgrade)
                Add(down, from);
            else
                continue;
            moves[row.Id] = (row.TierCode, decision.To.Code);
        }
        var run = new TierDryRun(Guid.NewGuid(), members, up.Values.Sum(), down.Values.Sum(),
            [.. tiers.Select(t => new TierMoveCount(t.Code, t.Name, now.GetValueOrDefault(t.Code), up.GetValueOrDefault(t.Code), down.GetValueOrDefault(t.Code),
                after.GetValueOrDefault(t.Code)))], watch.Elapsed);
        Forget();
        results[run.Id] = new Moves(actor.UserId, clock.GetUtcNow().UtcDateTime, tiers.ToDictionary(t => t.Code, t => t.Name, StringComparer.Ordinal), moves);
        return run;
    }

    /// <summary>Writes the members a dry run would move (phone, name, tier now, tier after, direction) as .xlsx; false when the run is gone or not the actor's.</summary>
    public async Task<bool> WriteListAsync(StaffActor actor, Guid id, Stream output, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Programme.Manage);
        if (!results.TryGetValue(id, out var run) || run.OwnerId != actor.UserId)
            return false;
        string Name(string code) => run.TierNames.GetValueOrDefault(code, code);
        ExcelColumn<(string Phone, string Name, string From, string To)>[] columns =
        [
            new(l["List.Phone"], r => r.Phone),
            new(l["List.Name"], r => r.Name),
            new(l["List.From"], r => Name(r.From)),
            new(l["List.To"], r => Name(r.To)),
            new(l["List.Direction"], r => run.TierOrder(r.To) > run.TierOrder(r.From) ? l["List.Up"].Value : l["List.Down"].Value),
        ];
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await MemberExport.WriteAsync(output, columns, Moved(db, run, ct), ct);
        return true;
    }

    // Members are read again in id order and matched, rather than queried by a list of ids that may run to hundreds of thousands.
    private static async IAsyncEnumerable<(string, string, string, string)> Moved(LoyaltyDbContext db, Moves run,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var m in db.Members.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.Phone, m.Name }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (run.List.TryGetValue(m.Id, out var move))
                yield return (m.Phone, m.Name, move.From, move.To);
        }
    }

    private void Forget()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepFor;
        foreach (var (id, old) in results)
        {
            if (old.CreatedAtUtc < cutoff)
                results.TryRemove(id, out _);
        }
    }

    private static void Add(Dictionary<string, int> counts, string code) => counts[code] = counts.GetValueOrDefault(code) + 1;

    private sealed record Moves(string? OwnerId, DateTime CreatedAtUtc, Dictionary<string, string> TierNames, Dictionary<long, (string From, string To)> List)
    {
        private readonly Dictionary<string, int> order = TierNames.Keys.Select((code, i) => (code, i)).ToDictionary(x => x.code, x => x.i, StringComparer.Ordinal);

        public int TierOrder(string code) => order.GetValueOrDefault(code, -1);
    }
}
