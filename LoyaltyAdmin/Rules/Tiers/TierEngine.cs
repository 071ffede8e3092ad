namespace LoyaltyAdmin.Rules;

/// <summary>What a tier decision does.</summary>
public enum TierChange
{
    /// <summary>Nothing changes.</summary>
    None,
    /// <summary>Move up at once.</summary>
    Upgrade,
    /// <summary>Validity ended and the tier is kept for another period.</summary>
    Keep,
    /// <summary>Validity ended without the retention condition: move down.</summary>
    Downgrade,
}

/// <summary>A tier decision and its reason, for the member's tier history.</summary>
/// <param name="Change">What happens.</param>
/// <param name="From">Current tier.</param>
/// <param name="To">Tier afterwards.</param>
/// <param name="Reason">The condition that was met (upgrade or keep), if any.</param>
public sealed record TierDecision(TierChange Change, Tier From, Tier To, TierCondition? Reason);

/// <summary>How far a member is from one condition.</summary>
/// <param name="Condition">The condition.</param>
/// <param name="Current">The member's value.</param>
/// <param name="Missing">What is still missing (0 when met).</param>
public sealed record ConditionProgress(TierCondition Condition, decimal Current, decimal Missing)
{
    /// <summary>Whether the condition is met.</summary>
    public bool Met => Missing <= 0;

    /// <summary>"spend ¥120 more", "2 more referrals", in the current UI culture.</summary>
    public string ToText(int windowMonths, string currencySymbol = ExplanationText.DefaultCurrency) => Condition.Kind switch
    {
        TierConditionKind.Spend when Condition.Window == SpendWindow.Rolling =>
            RulesText.Format("Progress_RollingSpend", RulesText.Money(Missing, currencySymbol), windowMonths),
        TierConditionKind.Spend => RulesText.Format("Progress_Spend", RulesText.Money(Missing, currencySymbol)),
        TierConditionKind.GrowthValue => RulesText.Format("Progress_GrowthValue", RulesText.Number(Missing)),
        TierConditionKind.ActiveDays => RulesText.Format("Progress_ActiveDays", RulesText.Number(Missing)),
        _ => RulesText.Format("Progress_Referrals", RulesText.Number(Missing)),
    };
}

/// <summary>
/// Progress towards a tier: to the next tier (<see cref="TierEngine.Progress"/>) or to keep the
/// current one (<see cref="TierEngine.RetentionProgress"/>). Conditions are alternatives (OR).
/// </summary>
/// <param name="Current">The member's tier.</param>
/// <param name="Target">The next tier, or the current tier for retention; null at the top.</param>
/// <param name="Conditions">One entry per condition of the target.</param>
/// <param name="IsRetention">Whether this is about keeping the tier.</param>
/// <param name="WindowMonths">The programme's rolling window, for texts.</param>
public sealed record TierProgress(Tier Current, Tier? Target, IReadOnlyList<ConditionProgress> Conditions, bool IsRetention, int WindowMonths)
{
    /// <summary>Whether any condition is met (the member qualifies or keeps the tier).</summary>
    public bool Met => Conditions.Any(c => c.Met);

    /// <summary>"spend ¥120 more or 2 more referrals to reach Gold", in the current UI culture.</summary>
    public string ToText(string currencySymbol = ExplanationText.DefaultCurrency) => ToText(currencySymbol, null);

    /// <summary>
    /// As <see cref="ToText(string)"/>; for retention with the last day of the tier's validity, "spend ¥380 more by
    /// 2027-03-01 to keep Gold".
    /// </summary>
    public string ToText(string currencySymbol, DateOnly? deadline)
    {
        if (Target is null) return RulesText.Format("Progress_TopTier", Current.Name);
        if (IsRetention && Conditions.Count == 0) return RulesText.Format("Retention_AlwaysKept", Target.Name);
        if (Met) return RulesText.Format(IsRetention ? "Retention_Met" : "Progress_Qualifies", Target.Name);
        var parts = string.Join(RulesText.Get("Progress_Or"), Conditions.Select(c => c.ToText(WindowMonths, currencySymbol)));
        if (IsRetention && deadline is { } by)
            return RulesText.Format("Retention_KeepBy", parts, Target.Name, by.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return RulesText.Format(IsRetention ? "Retention_Keep" : "Progress_ToNext", parts, Target.Name);
    }
}

/// <summary>
/// Tier qualification: upgrade at once when any entry condition of a higher tier holds; at the end
/// of a tier's validity keep it if a retention condition holds, otherwise move down.
/// </summary>
public static class TierEngine
{
    /// <summary>Tiers from lowest to highest order.</summary>
    public static IReadOnlyList<Tier> Ordered(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (programme.Tiers.Count == 0) throw new ArgumentException("A programme needs at least one tier.", nameof(programme));
        return [.. programme.Tiers.OrderBy(t => t.Order).ThenBy(t => t.Code, StringComparer.Ordinal)];
    }

    /// <summary>The highest tier any of whose entry conditions holds; the base tier if none does.</summary>
    public static Tier Qualify(Programme programme, QualificationStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var tiers = Ordered(programme);
        for (var i = tiers.Count - 1; i > 0; i--)
        {
            if (FirstMet(tiers[i].Entry, stats) is not null) return tiers[i];
        }
        return tiers[0];
    }

    /// <summary>Upgrade at once if the member qualifies for a higher tier than <paramref name="currentCode"/>.</summary>
    public static TierDecision DecideUpgrade(Programme programme, string currentCode, QualificationStats stats)
    {
        var tiers = Ordered(programme);
        var current = Find(tiers, currentCode);
        var qualified = Qualify(programme, stats);
        return qualified.Order > current.Order
            ? new TierDecision(TierChange.Upgrade, current, qualified, FirstMet(qualified.Entry, stats))
            : new TierDecision(TierChange.None, current, current, null);
    }

    /// <summary>
    /// Decision when the current tier's validity ends: keep it if a retention condition holds (or it
    /// has none, or its entry conditions still hold); otherwise move to the highest lower tier whose
    /// retention condition holds (or that has none), never below what the entry conditions give.
    /// </summary>
    public static TierDecision DecideAtValidityEnd(Programme programme, string currentCode, QualificationStats stats)
    {
        var tiers = Ordered(programme);
        var current = Find(tiers, currentCode);
        if (current.Retention.Count == 0) return new TierDecision(TierChange.Keep, current, current, null);
        if (FirstMet(current.Retention, stats) is { } kept) return new TierDecision(TierChange.Keep, current, current, kept);

        var qualified = Qualify(programme, stats);
        if (qualified.Order >= current.Order)
            return new TierDecision(TierChange.Keep, current, current, FirstMet(current.Entry, stats));

        var target = tiers[0];
        for (var i = tiers.Count - 1; i >= 0; i--)
        {
            var t = tiers[i];
            if (t.Order >= current.Order) continue;
            if (t.Retention.Count == 0 || FirstMet(t.Retention, stats) is not null) { target = t; break; }
        }
        if (qualified.Order > target.Order) target = qualified;
        return new TierDecision(TierChange.Downgrade, current, target, null);
    }

    /// <summary>The last day of a tier reached on <paramref name="since"/>, or null when it never ends.</summary>
    public static DateOnly? ValidUntil(Tier tier, DateOnly since) =>
        tier.ValidityMonths is { } m ? since.AddMonths(m).AddDays(-1) : null;

    /// <summary>What is missing, per condition, to reach the tier above <paramref name="currentCode"/>.</summary>
    public static TierProgress Progress(Programme programme, string currentCode, QualificationStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var tiers = Ordered(programme);
        var current = Find(tiers, currentCode);
        Tier? next = null;
        foreach (var t in tiers)
        {
            if (t.Order > current.Order) { next = t; break; }
        }
        return new TierProgress(current, next, next is null ? [] : Measure(next.Entry, stats), false, programme.QualificationWindowMonths);
    }

    /// <summary>What is missing, per retention condition, to keep the current tier.</summary>
    public static TierProgress RetentionProgress(Programme programme, string currentCode, QualificationStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var current = Find(Ordered(programme), currentCode);
        return new TierProgress(current, current, Measure(current.Retention, stats), true, programme.QualificationWindowMonths);
    }

    private static ConditionProgress[] Measure(IReadOnlyList<TierCondition> conditions, QualificationStats stats) =>
        [.. conditions.Select(c =>
        {
            var value = c.Measure(stats);
            return new ConditionProgress(c, value, Math.Max(0, c.Threshold - value));
        })];

    private static TierCondition? FirstMet(IReadOnlyList<TierCondition> conditions, QualificationStats stats)
    {
        foreach (var c in conditions)
        {
            if (c.IsMet(stats)) return c;
        }
        return null;
    }

    private static Tier Find(IReadOnlyList<Tier> tiers, string code)
    {
        foreach (var t in tiers)
        {
            if (string.Equals(t.Code, code, StringComparison.Ordinal)) return t;
        }
        return tiers[0];
    }
}
