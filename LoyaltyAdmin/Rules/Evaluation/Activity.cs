namespace LoyaltyAdmin.Rules;

/// <summary>Something a member did, as reported by a channel or the POS.</summary>
public sealed record Activity
{
    /// <summary>What happened.</summary>
    public required ActivityType Type { get; init; }

    /// <summary>When, with the sender's offset; the engine converts it to the merchant's zone.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>Where.</summary>
    public Channel Channel { get; init; } = Channel.MiniProgram;

    /// <summary>Store code for store activity.</summary>
    public string? StoreCode { get; init; }

    /// <summary>Order id for purchases, refunds and reviews.</summary>
    public string? OrderId { get; init; }

    /// <summary>The friend brought by a share or referral (once-only key).</summary>
    public string? Reference { get; init; }

    /// <summary>Money actually paid, including any shipping, excluding the part paid with points or coupons.</summary>
    public decimal Amount { get; init; }

    /// <summary>Shipping included in <see cref="Amount"/>; earns only if the rule says so.</summary>
    public decimal Shipping { get; init; }

    /// <summary>Part of the order paid with points or coupons (not in <see cref="Amount"/>); earns only if the rule says so.</summary>
    public decimal PaidWithPointsOrCoupons { get; init; }
}
