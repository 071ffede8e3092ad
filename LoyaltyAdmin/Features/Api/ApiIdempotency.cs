using System.Security.Cryptography;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

public enum ClaimOutcome { First, SameBody, DifferentBody }

/// <summary>
/// Claims a write's request id with the hash of its (parsed, re-serialised) body just before the write
/// (<see cref="ClaimAsync"/>), or hands an event's hash to the ledger, which keeps it with the event in the same
/// transaction (<see cref="ForLedger"/>). The write itself is idempotent in the ledger, so a same-body repeat simply runs
/// again and gets the ledger's stored answer; a crash between a separate claim and its write is healed by the client's retry.
/// </summary>
public sealed class ApiIdempotency(IDbContextFactory<LoyaltyDbContext> dbFactory, ApiWriteGate writes, TimeProvider clock)
{
    public static string HashOf<T>(T body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options)));

    public async Task<ClaimOutcome> ClaimAsync(int storeId, string kind, string requestId, string bodyHash, CancellationToken ct)
    {
        // Read first: a re-sent id is normal traffic and should not log a failed insert; the unique index settles races.
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var claim = await ClaimInContextAsync(db, storeId, kind, requestId, bodyHash, ct);
            if (claim != ClaimOutcome.First)
                return claim;
            try
            {
                await writes.RunAsync(() => db.SaveChangesAsync(ct), ct);
                return ClaimOutcome.First;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another request claimed the id between our read and insert: read its hash.
            }
        }
    }

    /// <summary>
    /// An event's request for the ledger, which keeps its hash with the event it writes (one row fewer per event than a
    /// claim); events processed before that were claimed here, and their replays read the hash from the claim.
    /// </summary>
    public static LedgerRequest ForLedger(int storeId, string kind, string requestId, string bodyHash) =>
        new(bodyHash, (db, ct) => HashAsync(db, storeId, kind, requestId, ct), storeId);

    private async Task<ClaimOutcome> ClaimInContextAsync(LoyaltyDbContext db, int storeId, string kind, string requestId, string bodyHash, CancellationToken ct)
    {
        var existing = await HashAsync(db, storeId, kind, requestId, ct);
        if (existing is not null)
            return existing == bodyHash ? ClaimOutcome.SameBody : ClaimOutcome.DifferentBody;
        Add(db, storeId, kind, requestId, bodyHash);
        return ClaimOutcome.First;
    }

    private static Task<string?> HashAsync(LoyaltyDbContext db, int storeId, string kind, string requestId, CancellationToken ct) =>
        db.ApiRequests.AsNoTracking()
            .Where(r => r.StoreId == storeId && r.Kind == kind && r.RequestId == requestId)
            .Select(r => r.BodyHash).SingleOrDefaultAsync(ct);

    private void Add(LoyaltyDbContext db, int storeId, string kind, string requestId, string bodyHash) =>
        db.ApiRequests.Add(new ApiRequest
        {
            StoreId = storeId, Kind = kind, RequestId = requestId, BodyHash = bodyHash, ReceivedAtUtc = clock.GetUtcNow().UtcDateTime,
        });
}
