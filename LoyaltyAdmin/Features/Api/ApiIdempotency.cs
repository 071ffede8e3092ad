using System.Security.Cryptography;
using System.Text.Json;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

public enum ClaimOutcome { First, SameBody, DifferentBody }

/// <summary>
/// Claims a write's request id before the write happens, with the hash of its (parsed, re-serialised) body.
/// The write itself is idempotent in the ledger, so a same-body repeat simply runs again and gets the ledger's
/// stored answer; a crash between claim and write is healed by the client's retry.
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
            var existing = await db.ApiRequests.AsNoTracking()
                .Where(r => r.StoreId == storeId && r.Kind == kind && r.RequestId == requestId)
                .Select(r => r.BodyHash).SingleOrDefaultAsync(ct);
            if (existing is not null)
                return existing == bodyHash ? ClaimOutcome.SameBody : ClaimOutcome.DifferentBody;
            db.ApiRequests.Add(new ApiRequest
            {
                StoreId = storeId, Kind = kind, RequestId = requestId, BodyHash = bodyHash, ReceivedAtUtc = clock.GetUtcNow().UtcDateTime,
            });
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
}
