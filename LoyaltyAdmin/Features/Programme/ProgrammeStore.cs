using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>The programme in force, compiled once per version and shared (compiled programmes are immutable).</summary>
public sealed record ProgrammeInForce(long VersionId, Rules.Programme Programme, CompiledProgramme Compiled);

/// <summary>
/// Reads the programme in force: the newest <see cref="ProgrammeVersion"/> whose start has passed.
/// A new installation gets <see cref="ProgrammeTemplates.Minimal"/> stored as its first version.
/// </summary>
public sealed class ProgrammeStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    private volatile ProgrammeInForce? cached;

    public async Task<ProgrammeInForce> GetCurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var id = await db.ProgrammeVersions.AsNoTracking()
            .Where(p => p.ValidFromUtc <= now)
            .OrderByDescending(p => p.ValidFromUtc).ThenByDescending(p => p.Id)
            .Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        if (id is null)
            id = await SeedMinimalAsync(db, now, ct);
        if (cached is { } c && c.VersionId == id)
            return c;
        var json = await db.ProgrammeVersions.AsNoTracking().Where(p => p.Id == id).Select(p => p.Json).SingleAsync(ct);
        var programme = ProgrammeJson.Deserialize(json);
        return cached = new ProgrammeInForce(id.Value, programme, CompiledProgramme.Compile(programme));
    }

    /// <summary>Stores <paramref name="programme"/> as the version in force from <paramref name="validFromUtc"/>.</summary>
    public async Task<long> SaveVersionAsync(Rules.Programme programme, DateTime validFromUtc, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = new ProgrammeVersion { ValidFromUtc = validFromUtc, Json = ProgrammeJson.Serialize(programme), CreatedAtUtc = clock.GetUtcNow().UtcDateTime };
        db.ProgrammeVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    private static async Task<long> SeedMinimalAsync(LoyaltyDbContext db, DateTime now, CancellationToken ct)
    {
        // Two instances seeding at once both store the same Minimal programme, which is harmless.
        var row = new ProgrammeVersion { ValidFromUtc = DateTime.UnixEpoch, Json = ProgrammeJson.Serialize(ProgrammeTemplates.Minimal), CreatedAtUtc = now };
        db.ProgrammeVersions.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
