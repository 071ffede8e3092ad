using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// A feature that reacts to what the ledger did to a member (a coupon pack on registration or a tier upgrade, a
/// referral reward on a first order) inside the same transaction, so the reaction commits with the ledger entry
/// or not at all. Registered as <c>ILedgerReaction</c> in DI; the ledger does not know the features behind it.
/// </summary>
public interface ILedgerReaction
{
    /// <summary>Adds what must commit with the operation to <see cref="LedgerOperation.Db"/>; the ledger saves it.</summary>
    Task ReactAsync(LedgerOperation operation, CancellationToken ct);
}

/// <summary>One ledger operation on one (locked) member, as the reactions see it before it is saved.</summary>
public sealed class LedgerOperation
{
    private readonly LedgerWriter writer;
    private readonly Action<Func<CancellationToken, Task>> afterCommit;
    private readonly bool decidedAhead;

    internal LedgerOperation(LoyaltyDbContext db, LedgerWriter writer, DateTime nowUtc, TimeZoneInfo zone, string? eventId, Activity? activity,
        ActivityResult? result, IReadOnlyList<TierHistoryEntry> tierChanges, Action<Func<CancellationToken, Task>> afterCommit, bool decidedAhead = false)
    {
        this.decidedAhead = decidedAhead;
        Db = db;
        this.writer = writer;
        this.afterCommit = afterCommit;
        NowUtc = nowUtc;
        Zone = zone;
        EventId = eventId;
        Activity = activity;
        Result = result;
        TierChanges = tierChanges;
    }

    public LoyaltyDbContext Db { get; }
    public Member Member => writer.Member;
    public DateTime NowUtc { get; }

    /// <summary>The merchant's time zone: every "day" is a merchant day.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The idempotency key of the operation (event id, request id), when it has one.</summary>
    public string? EventId { get; }

    /// <summary>The activity applied (registration, purchase, birthday, …); null for jobs and staff operations.</summary>
    public Activity? Activity { get; }

    public ActivityResult? Result { get; }

    /// <summary>Tier changes this operation made (upgrades, downgrades, keeps), oldest first.</summary>
    public IReadOnlyList<TierHistoryEntry> TierChanges { get; }

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(NowUtc, DateTimeKind.Utc), Zone));

    /// <summary>
    /// Called by a reaction before it reads and writes rows other members' operations also write (a pack's stock, a
    /// referral). An activity decided ahead of the SQLite writer, on what was committed then, stops here and runs again
    /// inside the writer, where nothing can overtake it; anywhere else this does nothing.
    /// </summary>
    public void WritesSharedRows()
    {
        if (decidedAhead)
            throw new DecidedAheadException();
    }

    /// <summary>
    /// Credits campaign points to this operation's member in the same transaction (a referee's welcome points).
    /// Points for another member go through that member's own ledger operation.
    /// </summary>
    public PointsEntry CreditCampaignPoints(long points, string reference, string explanation) =>
        writer.Credit(new PointsEntry
        {
            Kind = PointsEntryKind.Earn, Source = PointsSource.Campaign, Points = points, OccurredAtUtc = NowUtc,
            EventId = EventId, RuleId = reference, Explanation = explanation,
        }, Today);

    /// <summary>
    /// Runs <paramref name="action"/> once this operation has committed and released the member (not at all when it
    /// rolls back): another member's own ledger operation, such as a referrer's reward. It runs before the ledger call
    /// returns, must not throw (the operation already committed), and must be safe to lose in a crash: keep what it
    /// owes in a row written by this operation and retry it from there.
    /// </summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => afterCommit(action);
}

/// <summary>
/// The request an activity came in: its body's <paramref name="Hash"/> is kept with the processed event, and a replay of
/// the event with another body is refused. <paramref name="EarlierHash"/> finds the hash of an event recorded before the
/// ledger kept it (the caller's own record), or null. <paramref name="StoreId"/> is the store that sent it: a purchase's
/// order is recorded as that store's, whose order ids the database keeps unique.
/// </summary>
public sealed record LedgerRequest(string Hash, Func<LoyaltyDbContext, CancellationToken, Task<string?>> EarlierHash, int? StoreId = null);

/// <summary>An activity decided ahead of the SQLite writer reached a reaction that must run inside it.</summary>
public sealed class DecidedAheadException() : Exception("This activity writes shared rows and runs inside the writer.");
