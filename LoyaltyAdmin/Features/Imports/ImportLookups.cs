using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>What the imports look up in the database, a few hundred keys per query (servers limit a statement's parameters).</summary>
internal static class ImportLookups
{
    private const int Chunk = 500;

    /// <summary>Members by phone, for the phones that are registered.</summary>
    public static async Task<Dictionary<string, long>> MemberIdsAsync(LoyaltyDbContext db, IEnumerable<string> phones, CancellationToken ct)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in phones.Distinct().Chunk(Chunk))
        {
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Phone)).Select(m => new { m.Phone, m.Id }).ToListAsync(ct))
                ids[m.Phone] = m.Id;
        }
        return ids;
    }

    /// <summary>Of these referral codes, those a member already has.</summary>
    public static async Task<HashSet<string>> TakenReferralCodesAsync(LoyaltyDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in codes.Distinct().Chunk(Chunk))
            taken.UnionWith(await db.Members.AsNoTracking().Where(m => chunk.Contains(m.ReferralCode)).Select(m => m.ReferralCode).ToListAsync(ct));
        return taken;
    }
}
