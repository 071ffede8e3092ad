namespace LoyaltyAdmin.Features.Members;

/// <summary><see cref="Migration"/>: an opening balance brought from another system by the member import.</summary>
public enum PointsEntryKind { Earn, Redeem, Expire, Adjust, Reverse, Migration }

public enum PointsSource { Rule, Order, Operator, Campaign, Job }

public enum AdjustmentReason { Goodwill, Correction, OfflinePurchase, Complaint, Other }

/// <summary>One line of the append-only points ledger. Never updated after it is written.</summary>
public sealed class PointsEntry
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public PointsEntryKind Kind { get; set; }
    public PointsSource Source { get; set; }

    /// <summary>Signed: positive adds to the balance, negative takes from it.</summary>
    public long Points { get; set; }

    public long BalanceAfter { get; set; }
    public DateTime OccurredAtUtc { get; set; }
    public DateTime RecordedAtUtc { get; set; }

    /// <summary>The activity or request this entry came from (the idempotency key), if any.</summary>
    public string? EventId { get; set; }

    public string? OrderId { get; set; }
    public string? RuleId { get; set; }
    public AdjustmentReason? Reason { get; set; }
    public string? Note { get; set; }

    /// <summary>Staff user id for operator entries.</summary>
    public string? OperatorId { get; set; }

    public long? BatchId { get; set; }
    public long? ReversesEntryId { get; set; }

    /// <summary>Points a reversal could not take because the member had already spent them.</summary>
    public long Shortfall { get; set; }

    /// <summary>Text written before explanations were kept as data (<see cref="ExplanationData"/>); shown as stored.</summary>
    public string? Explanation { get; set; }

    /// <summary>What explains the entry, as data rendered in the reader's language (<see cref="LedgerExplanation"/>).</summary>
    public string? ExplanationData { get; set; }
}

/// <summary>
/// Points earned together that expire together. Spending takes from the oldest lots first (FIFO);
/// the remaining points of all lots always add up to the member's balance.
/// </summary>
public sealed class PointLot
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long EntryId { get; set; }
    public long Points { get; set; }
    public long Remaining { get; set; }

    /// <summary>Merchant-local day the points were earned.</summary>
    public DateOnly EarnedOn { get; set; }

    /// <summary>Last merchant-local day the points can be spent; null = never expire.</summary>
    public DateOnly? ExpiresOn { get; set; }

    /// <summary>Purchase points in their return window are pending until this merchant-local day.</summary>
    public DateOnly AvailableFrom { get; set; }

    public bool IsPending { get; set; }

    public string? OrderId { get; set; }

    public PointsEntry? Entry { get; set; }
}

public enum GrowthEntryKind { Earn, Reverse, Adjust }

/// <summary>One line of the append-only growth-value ledger.</summary>
public sealed class GrowthEntry
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public GrowthEntryKind Kind { get; set; }
    public long Growth { get; set; }
    public long GrowthAfter { get; set; }
    public DateTime OccurredAtUtc { get; set; }
    public string? EventId { get; set; }
    public string? OrderId { get; set; }
    public string? RuleId { get; set; }
}

public enum TierChangeKind { Initial, Upgrade, Keep, Downgrade, Manual }

/// <summary>Every change of a member's tier, with its reason.</summary>
public sealed class TierHistoryEntry
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public string? FromTier { get; set; }
    public string ToTier { get; set; } = "";
    public TierChangeKind Change { get; set; }

    /// <summary>Text written before reasons were kept as data (<see cref="ReasonCode"/>); empty since.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Why, as a <see cref="TierReason"/> code rendered in the reader's language.</summary>
    public string? ReasonCode { get; set; }

    /// <summary>The reason's argument: the threshold met, the refunded order.</summary>
    public string? ReasonArgument { get; set; }

    /// <summary>Business time: when the activity that caused the change happened.</summary>
    public DateTime OccurredAtUtc { get; set; }

    /// <summary>When the change was written.</summary>
    public DateTime RecordedAtUtc { get; set; }

    public DateOnly? ValidUntil { get; set; }
}

/// <summary>
/// The one idempotency store: an activity or request already applied (API events and requestIds, jobs' and campaigns'
/// keys), keyed by its id (unique) and written in the same transaction as what it did: re-sending it changes nothing
/// and answers the original result.
/// </summary>
public sealed class ProcessedEvent
{
    public long Id { get; set; }
    public string EventId { get; set; } = "";
    public long MemberId { get; set; }
    public string Type { get; set; } = "";
    public long Points { get; set; }
    public long Growth { get; set; }
    public long BalanceAfter { get; set; }
    public string TierAfter { get; set; } = "";
    public string? ResultJson { get; set; }

    /// <summary>SHA-256 of the request body that first sent the id: a repeat with another body is refused.</summary>
    public string? BodyHash { get; set; }

    public DateTime ProcessedAtUtc { get; set; }
}

/// <summary>What an order earned, so refunds can reverse it in proportion.</summary>
public sealed class MemberOrder
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public string OrderId { get; set; } = "";

    /// <summary>The store whose till sent the order (through its API key); an order id is unique within it. Null for orders from elsewhere.</summary>
    public int? StoreId { get; set; }

    public decimal Amount { get; set; }
    public decimal RefundedAmount { get; set; }
    public long Points { get; set; }
    public long Growth { get; set; }
    public DateTime OccurredAtUtc { get; set; }
    public Rules.Channel Channel { get; set; }

    /// <summary>
    /// Set while the order is in its return window: its points are pending and its spend and growth
    /// count for the tier only from this merchant-local day. Null once confirmed.
    /// </summary>
    public DateOnly? PendingUntil { get; set; }
}

/// <summary>Points a capped earning rule has awarded a member (the engine's <c>RuleCounter</c>).</summary>
public sealed class MemberRuleCounter
{
    public long MemberId { get; set; }
    public string RuleId { get; set; } = "";
    public DateOnly LastAwardDay { get; set; }
    public long PointsThatDay { get; set; }
    public long PointsThatMonth { get; set; }
    public long PointsLifetime { get; set; }
}

/// <summary>A once-only award already given (registration, a reviewed order, a birthday year, a friend).</summary>
public sealed class MemberOnceKey
{
    public long MemberId { get; set; }
    public string RuleId { get; set; } = "";
    public string Key { get; set; } = "";
}
