using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Writes one member's ledger inside a <see cref="WriteScope"/>: points entries and their lots, growth, orders and tier
/// changes, each row explicitly, together with what it changes in the report rollups and the business event it is. Keeps
/// the invariants together: the balance is the sum of the entries, and the lots' remaining points add up to it.
/// <paramref name="occurredAtUtc"/> is the business time of what is being written (the activity's <c>occurredAt</c>):
/// entries, tier changes and events carry it, and keep the scope's recorded time beside it.
/// </summary>
internal sealed class LedgerWriter(WriteScope scope, Member member, ExpiryPolicy expiry, DateTime occurredAtUtc, CancellationToken ct)
{
    private readonly long readVersion = member.Version;
    private readonly List<PointLot> added = [];
    private readonly List<TierHistoryEntry> tierChanges = [];
    private List<PointLot>? lots;

    public Member Member => member;

    public WriteScope Scope => scope;

    /// <summary>Business time of this write.</summary>
    public DateTime OccurredAtUtc => occurredAtUtc;

    /// <summary>Tier changes written by this writer, oldest first.</summary>
    public IReadOnlyList<TierHistoryEntry> TierChanges => tierChanges;

    /// <summary>Adds points as a new lot that expires by the programme's policy.</summary>
    public async Task<PointsEntry> CreditAsync(PointsEntry entry, DateOnly earnedOn, DateOnly? pendingUntil = null)
    {
        if (entry.Points <= 0)
            throw new ArgumentOutOfRangeException(nameof(entry), "A credit adds points.");
        await AppendAsync(entry);
        var lot = new PointLot
        {
            MemberId = member.Id, Entry = entry, Points = entry.Points, Remaining = entry.Points, EarnedOn = earnedOn,
            ExpiresOn = expiry.LastValidDay(earnedOn), AvailableFrom = pendingUntil ?? earnedOn, IsPending = pendingUntil is not null, OrderId = entry.OrderId,
        };
        await scope.Rows.InsertAsync(lot);
        scope.Rollups.OpenPoints(member, lot.ExpiresOn, lot.Points);
        added.Add(lot);
        lots?.Add(lot);
        if (lot.IsPending)
            member.PendingPoints += lot.Points;
        return entry;
    }

    /// <summary>
    /// Takes points from the oldest spendable lots first. Refuses (returns null, writing nothing) when the member has too
    /// few, unless <paramref name="allowShortfall"/>: then it takes what there is and records the rest as shortfall.
    /// A refund takes from its own order's lots first, pending or not.
    /// </summary>
    public async Task<PointsEntry?> DebitAsync(PointsEntry entry, long points, bool allowShortfall, string? preferOrderId = null)
    {
        if (points <= 0)
            throw new ArgumentOutOfRangeException(nameof(points), "A debit takes points.");
        var open = await OpenLotsAsync();
        var own = preferOrderId is null ? [] : open.Where(l => l.OrderId == preferOrderId).ToList();
        var candidates = own.Concat(open.Where(l => !l.IsPending && !own.Contains(l))).ToList();
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
            if (take == 0)
                continue;
            lot.Remaining -= take;
            toTake -= take;
            if (lot.IsPending)
                member.PendingPoints -= take;
            await scope.Rows.UpdateAsync(lot);
            scope.Rollups.OpenPoints(member, lot.ExpiresOn, -take);
        }
        await AppendAsync(entry);
        return entry;
    }

    /// <summary>Expires every spendable lot whose last valid day is before <paramref name="today"/>; one entry for all.</summary>
    public async Task<PointsEntry?> ExpireAsync(DateOnly today, PointsEntry entry) =>
        await ExpireLotsAsync((await OpenLotsAsync()).Where(l => l.ExpiresOn < today).ToList(), entry);

    /// <summary>Expires every open lot, pending or not, whatever its last valid day (an erased member keeps nothing); one entry for all.</summary>
    public async Task<PointsEntry?> ExpireAllAsync(PointsEntry entry) => await ExpireLotsAsync([.. await OpenLotsAsync()], entry);

    private async Task<PointsEntry?> ExpireLotsAsync(List<PointLot> due, PointsEntry entry)
    {
        var points = due.Sum(l => l.Remaining);
        if (points == 0)
            return null;
        foreach (var lot in due)
        {
            if (lot.IsPending)
                member.PendingPoints -= lot.Remaining;
            scope.Rollups.OpenPoints(member, lot.ExpiresOn, -lot.Remaining);
            lot.Remaining = 0;
            await scope.Rows.UpdateAsync(lot);
        }
        entry.Points = -points;
        await AppendAsync(entry);
        return entry;
    }

    /// <summary>The order's pending lots become spendable (its return window ended).</summary>
    public async Task ConfirmLotsAsync(string orderId)
    {
        foreach (var lot in (await OpenLotsAsync()).Where(l => l.OrderId == orderId && l.IsPending))
        {
            member.PendingPoints -= lot.Remaining;
            lot.IsPending = false;
            await scope.Rows.UpdateAsync(lot);
        }
    }

    /// <summary>Open lots, oldest first: the FIFO order of spending.</summary>
    public async Task<List<PointLot>> OpenLotsAsync()
    {
        if (lots is not null)
            return lots;
        var stored = await scope.Db.PointLots.AsNoTracking().Where(l => l.MemberId == member.Id && l.Remaining > 0).ToListAsync(ct);
        // Lots credited earlier in this same write are used as written (on SQLite the query saw them too); unsaved ones go last on their day.
        var ours = added.Where(a => a.Id != 0).Select(a => a.Id).ToHashSet();
        return lots = [.. stored.Where(l => !ours.Contains(l.Id)).Concat(added)
            .OrderBy(l => l.EarnedOn).ThenBy(l => l.Id == 0 ? long.MaxValue : l.Id)];
    }

    public async Task GrowthAsync(GrowthEntry entry)
    {
        member.GrowthValue = Math.Max(0, member.GrowthValue + entry.Growth);
        entry.MemberId = member.Id;
        entry.GrowthAfter = member.GrowthValue;
        if (entry.OccurredAtUtc == default)
            entry.OccurredAtUtc = occurredAtUtc;
        await scope.Rows.InsertAsync(entry);
    }

    /// <summary>A purchase's order row, counted in the reports' month of its business time.</summary>
    public async Task OrderAsync(MemberOrder order)
    {
        order.MemberId = member.Id;
        await scope.Rows.InsertAsync(order);
        scope.Rollups.Purchase(member, order.Channel, order.Amount, order.OccurredAtUtc);
    }

    /// <summary>A tier change; its <paramref name="reason"/> is kept as data and read in each reader's language.</summary>
    public async Task TierAsync(TierChangeKind change, string toTier, DateOnly since, DateOnly? validUntil, TierReason reason)
    {
        var entry = new TierHistoryEntry
        {
            MemberId = member.Id, FromTier = change == TierChangeKind.Initial ? null : member.TierCode, ToTier = toTier, Change = change,
            ReasonCode = reason.Code, ReasonArgument = reason.Argument, OccurredAtUtc = occurredAtUtc, RecordedAtUtc = scope.NowUtc, ValidUntil = validUntil,
        };
        await scope.Rows.InsertAsync(entry);
        scope.Rollups.Tier(member, change, toTier, occurredAtUtc);
        tierChanges.Add(entry);
        var from = member.TierCode;
        member.TierCode = toTier;
        member.TierSince = since;
        member.TierValidUntil = validUntil;
        if (change != TierChangeKind.Initial)
            await scope.PublishAsync(BusinessEvents.TierChanged, member.Id, new { from, to = toTier, change, since, validUntil, reason = reason.Code, reasonArgument = reason.Argument },
                occurredAtUtc);
    }

    /// <summary>
    /// Saves the member's changed counters and balance, last in the write: refused if anyone changed the member since it
    /// was read (a write outside the pipeline, or a lost race on a server database), so nothing is lost.
    /// </summary>
    public async Task SaveMemberAsync()
    {
        member.Version++;
        await scope.Rows.UpdateAsync(member, readVersion);
        scope.Touched(member.Id);
    }

    private async Task AppendAsync(PointsEntry entry)
    {
        entry.MemberId = member.Id;
        entry.RecordedAtUtc = scope.NowUtc;
        if (entry.OccurredAtUtc == default)
            entry.OccurredAtUtc = occurredAtUtc;
        member.PointsBalance += entry.Points;
        entry.BalanceAfter = member.PointsBalance;
        await scope.Rows.InsertAsync(entry);
        scope.Rollups.Points(member, entry.Kind, entry.Points, entry.OccurredAtUtc);
        await scope.PublishAsync(EventType(entry.Kind), member.Id, new
        {
            points = entry.Points, balanceAfter = entry.BalanceAfter, shortfall = entry.Shortfall > 0 ? entry.Shortfall : (long?)null,
            source = entry.Source, orderId = entry.OrderId, ruleId = entry.RuleId, reason = entry.Reason,
        }, entry.OccurredAtUtc);
    }

    private static string EventType(PointsEntryKind kind) => kind switch
    {
        PointsEntryKind.Earn => BusinessEvents.PointsEarned,
        PointsEntryKind.Redeem => BusinessEvents.PointsSpent,
        PointsEntryKind.Expire => BusinessEvents.PointsExpired,
        PointsEntryKind.Adjust or PointsEntryKind.Migration => BusinessEvents.PointsAdjusted,
        _ => BusinessEvents.PointsReversed,
    };
}
