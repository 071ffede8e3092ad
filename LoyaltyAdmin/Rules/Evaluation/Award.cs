using System.Globalization;

namespace LoyaltyAdmin.Rules;

/// <summary>What an activity earned, with an explanation and the state changes to persist.</summary>
public sealed record Award
{
    /// <summary>Total points awarded (never negative).</summary>
    public long Points { get; init; }

    /// <summary>Total growth value awarded (never negative).</summary>
    public long Growth { get; init; }

    /// <summary>Merchant-local date of the activity.</summary>
    public DateOnly LocalDate { get; init; }

    /// <summary>Points and growth per rule that awarded anything, in evaluation order.</summary>
    public IReadOnlyList<RuleAward> Rules { get; init; } = [];

    /// <summary>Explanation, one line per rule, multiplier and cap, in order.</summary>
    public IReadOnlyList<ExplanationLine> Lines { get; init; } = [];

    /// <summary>New counter values to upsert, keyed by rule id; only rules with caps keep counters.</summary>
    public IReadOnlyList<CounterUpdate> CounterUpdates { get; init; } = [];

    /// <summary>Once-only keys consumed; add them to the member's used keys.</summary>
    public IReadOnlyList<OnceKey> OnceKeysConsumed { get; init; } = [];

    /// <summary>The member's new check-in streak, when the activity was a check-in that counted.</summary>
    public CheckInStreak? NewStreak { get; init; }

    /// <summary>The explanation rendered in <see cref="CultureInfo.CurrentUICulture"/>, lines joined by "; ".</summary>
    public string Explain(string currencySymbol = ExplanationText.DefaultCurrency)
    {
        var parts = new string[Lines.Count];
        for (var i = 0; i < parts.Length; i++) parts[i] = ExplanationText.Render(Lines[i], currencySymbol);
        return string.Join("; ", parts);
    }
}

/// <summary>What one rule awarded.</summary>
/// <param name="RuleId">Earning or growth rule id.</param>
/// <param name="Points">Points after multipliers and caps.</param>
/// <param name="Growth">Growth value.</param>
public readonly record struct RuleAward(string RuleId, long Points, long Growth);

/// <summary>The new value of a rule's counter after this award.</summary>
/// <param name="RuleId">Earning rule id.</param>
/// <param name="Counter">Value to store.</param>
public readonly record struct CounterUpdate(string RuleId, RuleCounter Counter);

/// <summary>The kind of an explanation line; decides how its numbers are read.</summary>
public enum ExplanationKind
{
    /// <summary>Purchase base: Amount = earning amount, Factor = money per point, After = points.</summary>
    PurchaseBase,
    /// <summary>Fixed award: After = points.</summary>
    FixedPoints,
    /// <summary>Order below the minimum: Amount = earning amount, Factor = minimum.</summary>
    BelowMinimumOrder,
    /// <summary>Large-order bonus: Amount = threshold, Before → After.</summary>
    LargeOrderBonus,
    /// <summary>Streak bonus points: Amount = streak length, Before → After.</summary>
    StreakBonus,
    /// <summary>Streak day multiplier: Amount = streak length, Factor, Before → After.</summary>
    StreakMultiplier,
    /// <summary>Tier multiplier: Label = tier name, Factor, Before → After.</summary>
    TierMultiplier,
    /// <summary>Promotion multiplier: Label = promotion name, Factor, Before → After.</summary>
    PromotionMultiplier,
    /// <summary>Daily cap: Amount = cap, Before → After.</summary>
    DailyCap,
    /// <summary>Monthly cap: Amount = cap, Before → After.</summary>
    MonthlyCap,
    /// <summary>Lifetime cap: Amount = cap, Before → After.</summary>
    LifetimeCap,
    /// <summary>A once-only award already given.</summary>
    AlreadyAwarded,
    /// <summary>The member already checked in that day.</summary>
    AlreadyCheckedIn,
    /// <summary>Birthday award outside the birthday month/day, or no birthday known.</summary>
    NotBirthday,
    /// <summary>Growth per currency unit: Amount = earning amount, Factor = growth per unit, After = growth.</summary>
    GrowthPerAmount,
    /// <summary>Fixed growth: After = growth.</summary>
    GrowthFixed,
    /// <summary>Refund reversal: Amount = refund, Factor = order amount, Before = points reversed, After = growth reversed.</summary>
    Refund,
    /// <summary>A share that names no registered friend of the sharer.</summary>
    ShareWithoutFriend,
    /// <summary>Challenge progress: Label = challenge, Amount = progress, Factor = next target, Before → After = stages reached.</summary>
    ChallengeProgress,
    /// <summary>A challenge stage reached: Label = challenge, Amount = target, After = stage number.</summary>
    ChallengeStage,
    /// <summary>A refund takes challenge progress back: Label = challenge, Factor = progress before, Amount = after.</summary>
    ChallengeRefund,
}

/// <summary>
/// One explanation line as data, so the UI can render it in any culture.
/// Strings reference the programme's own names (no formatting happens during evaluation).
/// </summary>
/// <param name="Kind">How to read the numbers.</param>
/// <param name="RuleId">The rule the line belongs to.</param>
/// <param name="Label">Rule, tier or promotion name.</param>
/// <param name="Amount">Money or count, see <see cref="ExplanationKind"/>.</param>
/// <param name="Factor">Multiplier, rate or threshold.</param>
/// <param name="Before">Points before this step.</param>
/// <param name="After">Points after this step.</param>
public readonly record struct ExplanationLine(
    ExplanationKind Kind, string RuleId, string Label, decimal Amount, decimal Factor, long Before, long After)
{
    /// <summary>The line in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public string ToText(string currencySymbol = ExplanationText.DefaultCurrency) => ExplanationText.Render(this, currencySymbol);
}
