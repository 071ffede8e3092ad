using System.Collections.Concurrent;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>The programme in force, compiled once per version and shared (compiled programmes are immutable).</summary>
public sealed record ProgrammeInForce(long VersionId, Rules.Programme Programme, CompiledProgramme Compiled)
{
    private readonly HashSet<ActivityType> capped = [.. Programme.EarningRules.Where(r => r.Enabled && r.Caps is { IsEmpty: false }).Select(r => r.Trigger)];
    private readonly HashSet<ActivityType> keyed = [.. Programme.EarningRules.Where(r => r.Enabled && r is not PurchaseRule).Select(r => r.Trigger)];

    /// <summary>Whether an enabled rule for this activity has caps: only then do a member's rule counters matter.</summary>
    public bool UsesCounters(ActivityType type) => capped.Contains(type);

    /// <summary>Whether an enabled rule for this activity may award once per key (purchase rules never do).</summary>
    public bool UsesOnceKeys(ActivityType type) => keyed.Contains(type);

    /// <summary>Whether a tier condition measures spend in the rolling window.</summary>
    public bool UsesRollingSpend { get; } = Programme.Tiers.SelectMany(t => t.Entry.Concat(t.Retention))
        .Any(c => c.Kind == TierConditionKind.Spend && c.Window == SpendWindow.Rolling);
}

/// <summary>
/// Reads the programme in force at an instant: the newest <see cref="ProgrammeVersion"/> whose start has passed.
/// A new installation gets <see cref="ProgrammeTemplates.Minimal"/> stored as its first version.
/// </summary>
public sealed class ProgrammeStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    // Versions are immutable, so a compiled version never goes stale; only which one is in force changes.
    private readonly ConcurrentDictionary<long, ProgrammeInForce> compiled = new();

    public Task<ProgrammeInForce> GetCurrentAsync(CancellationToken ct = default) => GetInForceAtAsync(clock.GetUtcNow(), ct);

    /// <summary>The version an activity that happened at <paramref name="at"/> is evaluated under.</summary>
    public async Task<ProgrammeInForce> GetInForceAtAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instant = at.UtcDateTime;
        var id = await db.ProgrammeVersions.AsNoTracking()
            .Where(p => p.ValidFromUtc <= instant)
            .OrderByDescending(p => p.ValidFromUtc).ThenByDescending(p => p.Id)
            .Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        id ??= await db.ProgrammeVersions.AnyAsync(ct)
            ? await db.ProgrammeVersions.OrderBy(p => p.ValidFromUtc).Select(p => p.Id).FirstAsync(ct) // before the first version: the first one
            : await SeedMinimalAsync(db, ct);
        return await LoadAsync(db, id.Value, ct);
    }

    public async Task<ProgrammeInForce> GetVersionAsync(long versionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await LoadAsync(db, versionId, ct);
    }

    /// <summary>Stores <paramref name="programme"/> as the next version, in force from <paramref name="validFromUtc"/>.</summary>
    public async Task<ProgrammeVersion> SaveVersionAsync(Rules.Programme programme, DateTime validFromUtc, string? createdBy = null, string? note = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await AddVersionAsync(db, programme, validFromUtc, createdBy, note, ct);
        await db.SaveChangesAsync(ct);
        return row;
    }

    /// <summary>Adds the next version to <paramref name="db"/> without saving, so it commits with the caller's audit entry.</summary>
    public async Task<ProgrammeVersion> AddVersionAsync(LoyaltyDbContext db, Rules.Programme programme, DateTime validFromUtc, string? createdBy, string? note, CancellationToken ct)
    {
        var number = (await db.ProgrammeVersions.MaxAsync(p => (int?)p.Number, ct) ?? 0) + 1;
        var row = new ProgrammeVersion
        {
            ValidFromUtc = validFromUtc,
            Json = ProgrammeJson.Serialize(programme),
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            Number = number,
            CreatedBy = createdBy,
            Note = note,
        };
        db.ProgrammeVersions.Add(row);
        return row;
    }

    private async Task<ProgrammeInForce> LoadAsync(LoyaltyDbContext db, long id, CancellationToken ct)
    {
        if (compiled.TryGetValue(id, out var known))
            return known;
        var json = await db.ProgrammeVersions.AsNoTracking().Where(p => p.Id == id).Select(p => p.Json).SingleAsync(ct);
        var programme = ProgrammeJson.Deserialize(json);
        return compiled.GetOrAdd(id, _ => new ProgrammeInForce(id, programme, CompiledProgramme.Compile(programme)));
    }

    private async Task<long> SeedMinimalAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        // Two instances seeding at once both store the same Minimal programme, which is harmless.
        var row = await AddVersionAsync(db, ProgrammeTemplates.Minimal, DateTime.UnixEpoch, "system", null, ct);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
