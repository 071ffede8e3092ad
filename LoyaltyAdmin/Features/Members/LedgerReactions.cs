using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
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

    internal LedgerOperation(LedgerWriter writer, string? eventId, Activity? activity, ActivityResult? result, ProgrammeInForce? programme = null)
    {
        this.writer = writer;
        EventId = eventId;
        Activity = activity;
        Result = result;
        Programme = programme;
    }

    /// <summary>
    /// The programme the activity was scored under (null for an operation without one). A reaction reads it here, never from
    /// the store: on a server database that read takes a second pooled connection while the write holds the member's row
    /// lock, and under load every connection can be held by writers waiting for that lock.
    /// </summary>
    public ProgrammeInForce? Programme { get; }

    /// <summary>The write this operation is part of: what a reaction adds commits with it or not at all.</summary>
    public WriteScope Scope => writer.Scope;

    public LoyaltyDbContext Db => writer.Scope.Db;
    public Member Member => writer.Member;

    /// <summary>Recorded time: when the operation is written.</summary>
    public DateTime NowUtc => writer.Scope.NowUtc;

    /// <summary>Business time: when what caused the operation happened (a purchase's <c>occurredAt</c>); what a reaction gives carries it.</summary>
    public DateTime OccurredAtUtc => writer.OccurredAtUtc;

    /// <summary>The merchant's time zone: every "day" is a merchant day.</summary>
    public TimeZoneInfo Zone => writer.Scope.Zone;

    /// <summary>The idempotency key of the operation (event id, request id), when it has one.</summary>
    public string? EventId { get; }

    /// <summary>The activity applied (registration, purchase, birthday, …); null for jobs and staff operations.</summary>
    public Activity? Activity { get; }

    public ActivityResult? Result { get; }

    /// <summary>Tier changes this operation made (upgrades, downgrades, keeps), oldest first.</summary>
    public IReadOnlyList<TierHistoryEntry> TierChanges => writer.TierChanges;

    /// <summary>The merchant day of the operation's business time.</summary>
    public DateOnly Day => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(OccurredAtUtc, DateTimeKind.Utc), Zone));

    /// <summary>
    /// Credits campaign points to this operation's member in the same write (a referee's welcome points), explained by
    /// <paramref name="explanationData"/> (<see cref="LedgerExplanation.Text"/>). Points for another member go through that
    /// member's own ledger operation.
    /// </summary>
    public Task<PointsEntry> CreditCampaignPointsAsync(long points, string reference, string explanationData) =>
        writer.CreditAsync(new PointsEntry
        {
            Kind = PointsEntryKind.Earn, Source = PointsSource.Campaign, Points = points, EventId = EventId, RuleId = reference,
            ExplanationData = explanationData,
        }, Day);

    /// <summary>
    /// Runs <paramref name="action"/> once this operation has committed and released the member (not at all when it
    /// rolls back): another member's own ledger operation, such as a referrer's reward. It runs before the ledger call
    /// returns, must not throw (the operation already committed), and must be safe to lose in a crash: keep what it
    /// owes in a row written by this operation and retry it from there.
    /// </summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => writer.Scope.AfterCommit(action);
}
