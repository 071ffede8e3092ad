namespace LoyaltyAdmin.Rules;

/// <summary>A membership tier (会员等级).</summary>
public sealed record Tier
{
    /// <summary>Stable code, e.g. "silver"; what member records store.</summary>
    public required string Code { get; init; }

    /// <summary>Display name, e.g. "Silver".</summary>
    public required string Name { get; init; }

    /// <summary>Badge colour as a hex string, e.g. "#C0C0C0".</summary>
    public string Colour { get; init; } = "#9E9E9E";

    /// <summary>Rank; higher is better. The lowest tier is the base tier.</summary>
    public int Order { get; init; }

    /// <summary>Entry conditions, combined with OR. Empty only for the base tier.</summary>
    public IReadOnlyList<TierCondition> Entry { get; init; } = [];

    /// <summary>Months a tier lasts before retention is checked; null = never re-evaluated.</summary>
    public int? ValidityMonths { get; init; }

    /// <summary>Conditions (OR) that keep the tier when its validity ends; empty = the tier is always kept.</summary>
    public IReadOnlyList<TierCondition> Retention { get; init; } = [];

    /// <summary>Multiplier applied to rules that use the tier multiplier, e.g. 1.5.</summary>
    public decimal PointsMultiplier { get; init; } = 1m;

    /// <summary>Benefits shown to staff and members.</summary>
    public TierBenefits Benefits { get; init; } = new();
}

/// <summary>One threshold of a tier entry or retention condition.</summary>
/// <param name="Kind">What is measured.</param>
/// <param name="Threshold">The minimum value (money for spend, a count otherwise).</param>
/// <param name="Window">For spend: lifetime or the rolling window; ignored otherwise.</param>
public sealed record TierCondition(TierConditionKind Kind, decimal Threshold, SpendWindow Window = SpendWindow.Lifetime)
{
    /// <summary>Spend of at least <paramref name="amount"/>.</summary>
    public static TierCondition Spend(decimal amount, SpendWindow window = SpendWindow.Lifetime) => new(TierConditionKind.Spend, amount, window);

    /// <summary>Growth value of at least <paramref name="value"/>.</summary>
    public static TierCondition Growth(long value) => new(TierConditionKind.GrowthValue, value);

    /// <summary>At least <paramref name="days"/> active days.</summary>
    public static TierCondition ActiveDays(int days) => new(TierConditionKind.ActiveDays, days);

    /// <summary>At least <paramref name="count"/> successful referrals.</summary>
    public static TierCondition Referrals(int count) => new(TierConditionKind.Referrals, count);

    /// <summary>The member's current value for this condition.</summary>
    public decimal Measure(QualificationStats stats) => Kind switch
    {
        TierConditionKind.Spend => Window == SpendWindow.Rolling ? stats.RollingSpend : stats.LifetimeSpend,
        TierConditionKind.GrowthValue => stats.GrowthValue,
        TierConditionKind.ActiveDays => stats.ActiveDays,
        _ => stats.SuccessfulReferrals,
    };

    /// <summary>True when the member meets this condition.</summary>
    public bool IsMet(QualificationStats stats) => Measure(stats) >= Threshold;

    /// <summary>Path segment used in validation messages, e.g. "spend" or "rollingSpend".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string PathName => Kind switch
    {
        TierConditionKind.Spend => Window == SpendWindow.Rolling ? "rollingSpend" : "spend",
        TierConditionKind.GrowthValue => "growthValue",
        TierConditionKind.ActiveDays => "activeDays",
        _ => "referrals",
    };
}

/// <summary>What a tier gives besides the points multiplier.</summary>
public sealed record TierBenefits
{
    /// <summary>Free-text benefits shown to staff, one per line.</summary>
    public IReadOnlyList<string> Descriptions { get; init; } = [];

    /// <summary>Price factor, e.g. 0.95 for 5% off; null = no discount.</summary>
    public decimal? DiscountRate { get; init; }

    /// <summary>Birthday gift text, or null.</summary>
    public string? BirthdayGift { get; init; }

    /// <summary>Free shipping on orders.</summary>
    public bool FreeShipping { get; init; }

    /// <summary>Priority service at stores and support.</summary>
    public bool PriorityService { get; init; }
}
