using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The one idempotency store (<see cref="ProcessedEvent"/>): every write with an external id (an API event or requestId,
/// a job's or a campaign's key) looks its id up inside its write and records it there with its result, so the record
/// commits with what it did or not at all. The id's unique index settles two first sends racing on a server database
/// (the loser runs again and finds the winner's record).
/// </summary>
public static class Idempotency
{
    // Compiled: it runs on every ledger write, inside the one SQLite writer.
    private static readonly CompiledPerModel<Func<LoyaltyDbContext, string, CancellationToken, Task<ProcessedEvent?>>> ById =
        new(() => EF.CompileAsyncQuery((LoyaltyDbContext db, string key, CancellationToken ct) => db.ProcessedEvents.AsNoTracking().SingleOrDefault(e => e.EventId == key)));

    public static Task<ProcessedEvent?> FindAsync(LoyaltyDbContext db, string key, CancellationToken ct) => ById.For(db)(db, key, ct);

    /// <summary>Whether a repeat came with the body that first sent the id (or either side has no body to compare).</summary>
    public static bool SameBody(ProcessedEvent done, string? bodyHash) => bodyHash is null || done.BodyHash is null || done.BodyHash == bodyHash;
}
