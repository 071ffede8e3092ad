using System.Collections.Concurrent;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

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
public sealed class ProgrammeStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, IStringLocalizer<ProgrammeText>? templateText = null)
{
    // Versions are immutable, so a compiled version never goes stale; only which one is in force changes.
    private readonly ConcurrentDictionary<long, ProgrammeInForce> compiled = new();

    // Which version is in force is looked up for every activity. On SQLite one process owns the file, so the timeline
    // (a few rows) is kept until this process saves a version (and at most TimelineLifetimeMs, in case another process
    // writes the same file); on a server database other instances save versions too, so it is read every time.
    private const long TimelineLifetimeMs = 5_000;
    private volatile Timeline? timeline;
    private long changes;
    private long? keepTimeline;

    public Task<ProgrammeInForce> GetCurrentAsync(CancellationToken ct = default) => GetInForceAtAsync(clock.GetUtcNow(), ct);

    /// <summary>The version an activity that happened at <paramref name="at"/> is evaluated under.</summary>
    public async Task<ProgrammeInForce> GetInForceAtAsync(DateTimeOffset at, CancellationToken ct = default)
    {
        var instant = at.UtcDateTime;
        if (timeline is { } known && Environment.TickCount64 < known.FreshUntil && compiled.TryGetValue(known.InForceAt(instant), out var cached))
            return cached;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var generation = Volatile.Read(ref changes);
        var versions = await db.ProgrammeVersions.AsNoTracking()
            .OrderBy(p => p.ValidFromUtc).ThenBy(p => p.Id)
            .Select(p => new { p.Id, p.ValidFromUtc }).ToListAsync(ct);
        if (versions.Count == 0)
            return await LoadAsync(db, await SeedMinimalAsync(db, ct), ct);
        var read = new Timeline([.. versions.Select(v => v.Id)], [.. versions.Select(v => v.ValidFromUtc)],
            Environment.TickCount64 + (keepTimeline ??= db.Database.IsSqlite() ? TimelineLifetimeMs : 0));
        // Kept only if no version was saved while it was read; a version saved meanwhile makes the next call read again.
        if (Volatile.Read(ref changes) == generation)
            timeline = read;
        return await LoadAsync(db, read.InForceAt(instant), ct);
    }

    /// <summary>
    /// Forgets the timeline of versions. Called when a version is saved; a caller that commits the version in its own
    /// transaction calls it again after the commit.
    /// </summary>
    public void VersionsChanged()
    {
        Interlocked.Increment(ref changes);
        timeline = null;
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
        await Tiers.TierQualification.MarkPendingAsync(db, this, row, programme, ct);
        db.ProgrammeVersions.Add(row);
        VersionsChanged();
        db.SavedChanges += (_, _) => VersionsChanged();
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
        // In the install's language: a Chinese install's first tier is 普通会员.
        var language = await db.MerchantSettings.Where(s => s.Id == Settings.MerchantSettings.SingletonId).Select(s => s.Language).FirstOrDefaultAsync(ct);
        var minimal = Onboarding.InstallLanguage.Localize(ProgrammeTemplates.Minimal, language, templateText);
        var row = await AddVersionAsync(db, minimal, DateTime.UnixEpoch, "system", null, ct);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    /// <summary>Version ids by start, oldest first; <see cref="FreshUntil"/> in <see cref="Environment.TickCount64"/> time.</summary>
    private sealed record Timeline(long[] Ids, DateTime[] ValidFrom, long FreshUntil)
    {
        /// <summary>The newest version started at <paramref name="instant"/>; before the first version, the first one.</summary>
        public long InForceAt(DateTime instant)
        {
            var i = Array.FindLastIndex(ValidFrom, from => from <= instant);
            return Ids[Math.Max(i, 0)];
        }
    }
}
