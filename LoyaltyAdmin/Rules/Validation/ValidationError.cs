namespace LoyaltyAdmin.Rules;

/// <summary>What is wrong with a programme; the message key is <c>Validation_{code}</c>.</summary>
public enum ValidationCode
{
    /// <summary>A required value is missing.</summary>
    Required,
    /// <summary>Two rules or promotions share an id.</summary>
    DuplicateId,
    /// <summary>Two tiers share a code.</summary>
    DuplicateTierCode,
    /// <summary>Two tiers share an order.</summary>
    DuplicateTierOrder,
    /// <summary>The programme has no tier.</summary>
    NoTiers,
    /// <summary>The base tier has entry conditions.</summary>
    BaseTierHasConditions,
    /// <summary>A tier above the base has no entry condition.</summary>
    TierWithoutEntry,
    /// <summary>A higher tier's threshold is not above a lower tier's for the same measure.</summary>
    ThresholdNotIncreasing,
    /// <summary>A tier nobody can end up in, because a higher tier's conditions are weaker.</summary>
    TierUnreachable,
    /// <summary>A condition threshold of zero or less.</summary>
    ThresholdNotPositive,
    /// <summary>A rolling window on a condition other than spend.</summary>
    WindowOnlyForSpend,
    /// <summary>A multiplier of zero or less.</summary>
    MultiplierNotPositive,
    /// <summary>A higher tier with a lower points multiplier.</summary>
    TierMultiplierDecreasing,
    /// <summary>A cap of zero or less.</summary>
    CapNotPositive,
    /// <summary>A cap smaller than one award of the rule.</summary>
    CapBelowSingleAward,
    /// <summary>A shorter period's cap above a longer period's.</summary>
    CapsInconsistent,
    /// <summary>A promotion that multiplies no rule.</summary>
    PromotionNoRules,
    /// <summary>A promotion restricted to an empty list of tiers.</summary>
    PromotionNoTiers,
    /// <summary>A reference to an earning rule that does not exist.</summary>
    UnknownRule,
    /// <summary>A reference to a tier code that does not exist.</summary>
    UnknownTier,
    /// <summary>An empty channel list.</summary>
    NoChannels,
    /// <summary>A window or date range whose start is after its end.</summary>
    InvalidWindow,
    /// <summary>Money per point of zero or less.</summary>
    CurrencyPerPointNotPositive,
    /// <summary>Point value of zero or less.</summary>
    PointValueNotPositive,
    /// <summary>A negative amount, points or days.</summary>
    NegativeValue,
    /// <summary>A rule that can never award anything.</summary>
    NothingAwarded,
    /// <summary>A schema version this code does not read.</summary>
    UnsupportedSchemaVersion,
    /// <summary>A colour that is not #RGB or #RRGGBB.</summary>
    InvalidColour,
    /// <summary>A number of months below 1.</summary>
    MonthsNotPositive,
    /// <summary>A weekly or monthly schedule with no days.</summary>
    ScheduleEmpty,
    /// <summary>A day of month outside 1–31.</summary>
    DayOfMonthOutOfRange,
    /// <summary>A streak bonus of fewer than 2 days.</summary>
    StreakTooShort,
    /// <summary>A discount rate outside (0, 1].</summary>
    DiscountRateOutOfRange,
    /// <summary>A name or text with control or bidirectional characters (see <see cref="SafeText"/>).</summary>
    UnsafeText,
    /// <summary>A challenge without stages.</summary>
    ChallengeNoStages,
    /// <summary>Challenge stage targets that are not positive and increasing.</summary>
    StagesNotIncreasing,
    /// <summary>A count goal with a fractional target.</summary>
    TargetNotWhole,
    /// <summary>A reference to a badge code that does not exist.</summary>
    UnknownBadge,
    /// <summary>A badge icon outside the bundled set.</summary>
    UnknownIcon,
}

/// <summary>
/// One problem found in a programme.
/// <para>
/// <see cref="Path"/> locates the field the way the JSON document is shaped, in camelCase:
/// tiers by position (<c>tiers[2].entry.spend</c>, <c>tiers[0].retention.rollingSpend</c>),
/// rules and promotions by id (<c>earningRules[purchase-1].caps.perDay</c>,
/// <c>promotions[wed].multiplier</c>, <c>promotions[wed].ruleIds[1]</c>), or by position when the id
/// is empty (<c>earningRules[#3].id</c>). Top-level fields are bare (<c>pointValue.moneyPerPoint</c>).
/// </para>
/// </summary>
/// <param name="Path">Where the problem is.</param>
/// <param name="Code">What the problem is.</param>
/// <param name="Args">Values for the message.</param>
public sealed record ValidationError(string Path, ValidationCode Code, IReadOnlyList<object?> Args)
{
    /// <summary>The message in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>.</summary>
    public string Message => RulesText.Format("Validation_" + Code, [.. Args]);

    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
