using System.Security.Cryptography;
using System.Text.Json;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

public enum ClaimOutcome { First, SameBody, DifferentBody }

/// <summary>
/// Claims a write's request id with the hash of its (parsed, re-serialised) body: either inside the write's own
/// transaction (<see cref="ClaimInAsync"/>, so claim and write commit together) or just before the write
/// (<see cref="ClaimAsync"/>). The write itself is idempotent in the ledger, so a same-body repeat simply runs again
/// and gets the ledger's stored answer; a crash between a separate claim and its write is healed by the client's retry.
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
    /// Claims in the caller's context: a first claim is added to be saved with the caller's write (a clash with a
    /// concurrent claim then fails that save, and the caller's retry reads the winner's hash). True unless the id was
    /// claimed with a different body.
    /// </summary>
    public async Task<bool> ClaimInAsync(LoyaltyDbContext db, int storeId, string kind, string requestId, string bodyHash, CancellationToken ct) =>
        await ClaimInContextAsync(db, storeId, kind, requestId, bodyHash, ct) != ClaimOutcome.DifferentBody;

    private async Task<ClaimOutcome> ClaimInContextAsync(LoyaltyDbContext db, int storeId, string kind, string requestId, string bodyHash, CancellationToken ct)
    {
        var existing = await db.ApiRequests.AsNoTracking()
            .Where(r => r.StoreId == storeId && r.Kind == kind && r.RequestId == requestId)
            .Select(r => r.BodyHash).SingleOrDefaultAsync(ct);
        if (existing is not null)
            return existing == bodyHash ? ClaimOutcome.SameBody : ClaimOutcome.DifferentBody;
        db.ApiRequests.Add(new ApiRequest
        {
            StoreId = storeId, Kind = kind, RequestId = requestId, BodyHash = bodyHash, ReceivedAtUtc = clock.GetUtcNow().UtcDateTime,
        });
        return ClaimOutcome.First;
    }
}
