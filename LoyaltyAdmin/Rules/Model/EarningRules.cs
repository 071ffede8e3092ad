using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// "When X happens, award Y" (积分规则). Serialised with a <c>"kind"</c> discriminator.
/// Rules run in <see cref="Priority"/> order, ties broken by ordinal <see cref="Id"/>, never by list order.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PurchaseRule), "purchase")]
[JsonDerivedType(typeof(RegistrationRule), "registration")]
[JsonDerivedType(typeof(ProfileCompletedRule), "profileCompleted")]
[JsonDerivedType(typeof(CheckInRule), "checkIn")]
[JsonDerivedType(typeof(ShareRule), "share")]
[JsonDerivedType(typeof(ReviewRule), "review")]
[JsonDerivedType(typeof(BirthdayRule), "birthday")]
[JsonDerivedType(typeof(ReferralRule), "referral")]
public abstract record EarningRule
{
    /// <summary>Stable identifier, referenced by promotions, counters and ledger entries.</summary>
    [JsonPropertyOrder(-1)]
    public required string Id { get; init; }

    /// <summary>Display name, used in explanations.</summary>
    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }

    /// <summary>Disabled rules are kept but never award.</summary>
    [JsonPropertyOrder(-1)]
    public bool Enabled { get; init; } = true;

    /// <summary>Evaluation order; lower runs first.</summary>
    [JsonPropertyOrder(-1)]
    public int Priority { get; init; }

    /// <summary>First merchant-local day the rule applies, inclusive; null = no start.</summary>
    [JsonPropertyOrder(-1)]
    public DateOnly? ActiveFrom { get; init; }

    /// <summary>Last merchant-local day the rule applies, inclusive; null = no end.</summary>
    [JsonPropertyOrder(-1)]
    public DateOnly? ActiveTo { get; init; }

    /// <summary>Channels the rule applies to; an empty list is a validation error.</summary>
    [JsonPropertyOrder(-1)]
    public IReadOnlyList<Channel> Channels { get; init; } = Rules.Channels.All;

    /// <summary>Optional per-member caps, applied after multipliers.</summary>
    [JsonPropertyOrder(-1)]
    public Caps? Caps { get; init; }

    /// <summary>Whether the member's tier multiplier applies to this rule's points.</summary>
    [JsonPropertyOrder(-1)]
    public bool UseTierMultiplier { get; init; } = true;

    /// <summary>The activity this rule reacts to.</summary>
    [JsonIgnore]
    public abstract ActivityType Trigger { get; }
}

/// <summary>Points per currency unit paid, with optional minimum order and large-order bonus.</summary>
public sealed record PurchaseRule : EarningRule
{
    /// <summary>Money per point: 1 = "1 yuan = 1 point", 10 = "10 yuan = 1 point".</summary>
    public decimal CurrencyPerPoint { get; init; } = 1m;

    /// <summary>How fractional points round; applies to base points and each multiplier step.</summary>
    public RoundingMode Rounding { get; init; } = RoundingMode.Down;

    /// <summary>Orders whose earning amount is below this earn nothing.</summary>
    public decimal MinimumOrder { get; init; }

    /// <summary>Optional bonus for large orders, e.g. +100 when the order is at least 500.</summary>
    public LargeOrderBonus? LargeOrderBonus { get; init; }

    /// <summary>Whether shipping fees earn points.</summary>
    public bool ShippingEarns { get; init; }

    /// <summary>Whether the part paid with points or coupons earns points.</summary>
    public bool PointsAndCouponsEarn { get; init; }

    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Purchase;
}

/// <summary>Extra points for an order whose earning amount reaches a threshold.</summary>
/// <param name="MinimumAmount">Earning amount from which the bonus applies.</param>
/// <param name="Points">Bonus points.</param>
public sealed record LargeOrderBonus(decimal MinimumAmount, long Points);

/// <summary>A fixed number of points for an activity.</summary>
public abstract record FixedPointsRule : EarningRule
{
    /// <summary>Points awarded.</summary>
    public long Points { get; init; }
}

/// <summary>Points for registering; once per member.</summary>
public sealed record RegistrationRule : FixedPointsRule
{
    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Registration;
}

/// <summary>Points for completing the profile or binding a phone; once per member.</summary>
public sealed record ProfileCompletedRule : FixedPointsRule
{
    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.ProfileCompleted;
}

/// <summary>Daily check-in with streak bonuses; at most once per merchant-local day.</summary>
public sealed record CheckInRule : FixedPointsRule
{
    /// <summary>Bonuses on reaching a streak length.</summary>
    public IReadOnlyList<StreakBonus> StreakBonuses { get; init; } = [];

    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.CheckIn;
}

/// <summary>A reward on the day a check-in streak reaches <see cref="Days"/>.</summary>
/// <param name="Days">Streak length, e.g. 7.</param>
/// <param name="BonusPoints">Points added that day, e.g. 50.</param>
/// <param name="DayMultiplier">Multiplier of that day's check-in points, e.g. 2 ("double that day"); 1 = none.</param>
/// <param name="Repeats">Whether the bonus comes again every <see cref="Days"/> days (14, 21, …).</param>
public sealed record StreakBonus(int Days, long BonusPoints, decimal DayMultiplier = 1m, bool Repeats = false)
{
    /// <summary>Whether a streak of <paramref name="length"/> days earns this bonus today.</summary>
    public bool AppliesTo(int length) => Days > 0 && (Repeats ? length % Days == 0 : length == Days);
}

/// <summary>
/// Points for a share that brought a registered friend; once per friend (the activity's reference). A share without a
/// reference earns nothing: the data layer names the friend only once it has checked the friend registered through the sharer.
/// </summary>
public sealed record ShareRule : FixedPointsRule
{
    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Share;
}

/// <summary>Points for reviewing an order; once per order.</summary>
public sealed record ReviewRule : FixedPointsRule
{
    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Review;
}

/// <summary>Birthday points in the birthday month (or on the day); once per year.</summary>
public sealed record BirthdayRule : FixedPointsRule
{
    /// <summary>True: only on the birthday itself; false: any day of the birthday month.</summary>
    public bool OnDayOnly { get; init; }

    /// <summary>
    /// Whether a member born on <paramref name="birthday"/> may get this award on <paramref name="day"/>: any day of the
    /// birthday month, or with <see cref="OnDayOnly"/> the day itself (28 February for 29 February in a common year).
    /// </summary>
    public bool IsDueOn(DateOnly birthday, DateOnly day) =>
        birthday.Month == day.Month
        && (!OnDayOnly || birthday.Day == day.Day || (birthday.Month == 2 && birthday.Day == 29 && day.Day == 28 && !DateTime.IsLeapYear(day.Year)));

    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Birthday;
}

/// <summary>Points to the referrer for a successful referral; once per referred friend.</summary>
public sealed record ReferralRule : FixedPointsRule
{
    /// <inheritdoc />
    [JsonIgnore]
    public override ActivityType Trigger => ActivityType.Referral;
}

/// <summary>
/// Growth value (成长值) for an activity on some channels, e.g. mini-program 1 yuan = 1, app 1 yuan = 2.
/// Growth is not multiplied by tiers or promotions: it measures the member, it is not a reward.
/// </summary>
public sealed record GrowthRule
{
    /// <summary>Stable identifier.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Disabled rules never award.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Evaluation order; lower runs first.</summary>
    public int Priority { get; init; }

    /// <summary>The activity this rule reacts to.</summary>
    public ActivityType Activity { get; init; } = ActivityType.Purchase;

    /// <summary>Channels the rule applies to.</summary>
    public IReadOnlyList<Channel> Channels { get; init; } = Rules.Channels.All;

    /// <summary>First merchant-local day, inclusive.</summary>
    public DateOnly? ActiveFrom { get; init; }

    /// <summary>Last merchant-local day, inclusive.</summary>
    public DateOnly? ActiveTo { get; init; }

    /// <summary>Growth per currency unit of the earning amount (purchases); 0 for none.</summary>
    public decimal PerCurrencyUnit { get; init; }

    /// <summary>Fixed growth per activity.</summary>
    public long Fixed { get; init; }

    /// <summary>Rounding of <see cref="PerCurrencyUnit"/> growth.</summary>
    public RoundingMode Rounding { get; init; } = RoundingMode.Down;
}
