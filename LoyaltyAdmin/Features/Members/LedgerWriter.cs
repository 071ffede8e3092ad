using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Writes points entries, lots and counters for one tracked member inside one context. Keeps the two
/// invariants together: the balance is the sum of the entries, and the lots' remaining points add up to it.
/// Used only by <see cref="PointsLedgerService"/>.
/// </summary>
internal sealed class LedgerWriter(LoyaltyDbContext db, Member member, ExpiryPolicy expiry, DateTime nowUtc, CancellationToken ct)
{
    private readonly List<PointLot> added = [];
    private readonly List<TierHistoryEntry> tierChanges = [];
    private List<PointLot>? lots;

    public Member Member => member;

    public DateTime NowUtc => nowUtc;

    /// <summary>Tier changes written by this writer, oldest first.</summary>
    public IReadOnlyList<TierHistoryEntry> TierChanges => tierChanges;

    /// <summary>Adds points as a new lot that expires by the programme's policy.</summary>
    public PointsEntry Credit(PointsEntry entry, DateOnly earnedOn, DateOnly? pendingUntil = null)
    {
        if (entry.Points <= 0)
            throw new ArgumentOutOfRangeException(nameof(entry), "A credit adds points.");
        Append(entry);
        var lot = new PointLot
        {
            MemberId = member.Id,
            Entry = entry,
            Points = entry.Points,
            Remaining = entry.Points,
            EarnedOn = earnedOn,
            ExpiresOn = expiry.LastValidDay(earnedOn),
            AvailableFrom = pendingUntil ?? earnedOn,
            IsPending = pendingUntil is not null,
            OrderId = entry.OrderId,
        };
        db.PointLots.Add(lot);
        added.Add(lot);
        lots?.Add(lot);
        if (lot.IsPending)
            member.PendingPoints += lot.Points;
        return entry;
    }

    /// <summary>
    /// Takes points from the oldest spendable lots first. Refuses (returns null) when the member has too few,
    /// unless <paramref name="allowShortfall"/>: then it takes what there is and records the rest as shortfall.
    /// A refund takes from its own order's lots first, pending or not.
    /// </summary>
    public async Task<PointsEntry?> DebitAsync(PointsEntry entry, long points, bool allowShortfall, string? preferOrderId = null)
    {
        if (points <= 0)
            throw new ArgumentOutOfRangeException(nameof(points), "A debit takes points.");
        var open = await OpenLotsAsync();
        var candidates = open
            .Where(l => preferOrderId is not null && l.OrderId == preferOrderId)
            .Concat(open.Where(l => !l.IsPending && !(preferOrderId is not null && l.OrderId == preferOrderId)))
            .ToList();
        var spendable = candidates.Sum(l => l.Remaining);
        if (spendable < points && !allowShortfall)
            return null;

        var toTake = Math.Min(points, spendable);
        entry.Points = -toTake;
        entry.Shortfall = points - toTake;
        foreach (var lot in candidates)
        {
            if (toTake == 0)
                break;
            var take = Math.Min(lot.Remaining, toTake);
            lot.Remaining -= take;
            toTake -= take;
            if (lot.IsPending)
                member.PendingPoints -= take;
        }
        Append(entry);
        return entry;
    }

    /// <summary>Expires every spendable lot whose last valid day is before <paramref name="today"/>; one entry for all.</summary>
    public async Task<PointsEntry?> ExpireAsync(DateOnly today, PointsEntry entry)
    {
        var due = (await OpenLotsAsync()).Where(l => l.ExpiresOn < today).ToList();
        var points = due.Sum(l => l.Remaining);
        if (points == 0)
            return null;
        foreach (var lot in due)
        {
            if (lot.IsPending)
                member.PendingPoints -= lot.Remaining;
            lot.Remaining = 0;
        }
        entry.Points = -points;
        Append(entry);
        return entry;
    }

    /// <summary>Open lots, oldest first: the FIFO order of spending.</summary>
    public async Task<List<PointLot>> OpenLotsAsync()
    {
        if (lots is not null)
            return lots;
        var stored = await db.PointLots
            .Where(l => l.MemberId == member.Id && l.Remaining > 0)
            .ToListAsync(ct);
        // Lots credited earlier in this same operation are not in the database yet; they are the newest.
        return lots = [.. stored.Concat(added.Where(a => !stored.Contains(a)))
            .OrderBy(l => l.EarnedOn).ThenBy(l => l.Id == 0 ? long.MaxValue : l.Id)];
    }

    public void Growth(GrowthEntry entry)
    {
        member.GrowthValue = Math.Max(0, member.GrowthValue + entry.Growth);
        entry.MemberId = member.Id;
        entry.GrowthAfter = member.GrowthValue;
        db.GrowthEntries.Add(entry);
    }

    public void Tier(TierChangeKind change, string toTier, DateOnly since, DateOnly? validUntil, string reason)
    {
        var entry = new TierHistoryEntry
        {
            MemberId = member.Id,
            FromTier = member.TierCode,
            ToTier = toTier,
            Change = change,
            Reason = reason,
            OccurredAtUtc = nowUtc,
            ValidUntil = validUntil,
        };
        db.TierHistory.Add(entry);
        tierChanges.Add(entry);
        member.TierCode = toTier;
        member.TierSince = since;
        member.TierValidUntil = validUntil;
    }

    /// <summary>Marks the member changed: the update only succeeds if nobody else changed it since it was read.</summary>
    public void Touch() => member.Version++;

    private void Append(PointsEntry entry)
    {
        entry.MemberId = member.Id;
        entry.RecordedAtUtc = nowUtc;
        if (entry.OccurredAtUtc == default)
            entry.OccurredAtUtc = nowUtc;
        member.PointsBalance += entry.Points;
        entry.BalanceAfter = member.PointsBalance;
        db.PointsEntries.Add(entry);
    }
}
