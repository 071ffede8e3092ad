namespace LoyaltyAdmin.Rules;

/// <summary>
/// A tier set by hand (手动设置等级): the member is not moved below <paramref name="TierCode"/> up to and including
/// <paramref name="Until"/>; after that the normal rules apply. Moving up is never held back.
/// </summary>
/// <param name="TierCode">The tier set.</param>
/// <param name="Until">The last merchant-local day the override holds.</param>
public sealed record TierOverride(string TierCode, DateOnly Until)
{
    /// <summary>Whether the override still holds on <paramref name="day"/>.</summary>
    public bool IsActiveOn(DateOnly day) => day <= Until;
}

/// <summary>
/// Tier decisions around a change of the programme and around tiers set by hand: whether a new programme qualifies
/// members differently, what an explicit recalculation does to one member, and the floor an override puts under a decision.
/// </summary>
public static class TierReview
{
    /// <summary>
    /// Whether <paramref name="after"/> decides tiers differently from <paramref name="before"/>: tiers added, removed or
    /// reordered, an entry or retention condition changed, or the rolling window changed while a condition uses it.
    /// </summary>
    public static bool QualificationChanged(Programme before, Programme after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = TierEngine.Ordered(before);
        var b = TierEngine.Ordered(after);
        if (a.Count != b.Count)
            return true;
        for (var i = 0; i < a.Count; i++)
        {
            if (a[i].Code != b[i].Code || !a[i].Entry.SequenceEqual(b[i].Entry) || !a[i].Retention.SequenceEqual(b[i].Retention))
                return true;
        }
        return before.QualificationWindowMonths != after.QualificationWindowMonths && UsesRollingSpend(after);
    }

    /// <summary>
    /// What an explicit recalculation after a change from <paramref name="before"/> to <paramref name="after"/> does to a
    /// member: up at once when the new entry conditions give a higher tier; down only when the new rules would not keep
    /// the current tier while the old ones would (a member the old rules would also move down keeps the tier until its
    /// validity ends, as before the change); otherwise nothing. An active <paramref name="floor"/> holds.
    /// <paramref name="beforeStats"/> are the figures under the old rules when their rolling window differs (else <paramref name="stats"/>).
    /// </summary>
    public static TierDecision DecideRecalculation(Programme before, Programme after, string currentCode, QualificationStats stats,
        TierOverride? floor = null, DateOnly day = default, QualificationStats? beforeStats = null)
    {
        var up = TierEngine.DecideUpgrade(after, currentCode, stats);
        if (up.Change == TierChange.Upgrade)
            return up;
        var none = new TierDecision(TierChange.None, up.From, up.From, null);
        var now = TierEngine.DecideAtValidityEnd(after, currentCode, stats);
        if (now.Change != TierChange.Downgrade || TierEngine.DecideAtValidityEnd(before, currentCode, beforeStats ?? stats).Change == TierChange.Downgrade)
            return none;
        var held = RespectOverride(after, now, floor, day);
        return held.Change == TierChange.Downgrade ? held : none;
    }

    /// <summary>
    /// A downgrade under an override active on <paramref name="day"/>: never below the tier set by hand (kept when the member
    /// is at or below it). Other decisions, and decisions after the override's end, are returned as they are.
    /// </summary>
    public static TierDecision RespectOverride(Programme programme, TierDecision decision, TierOverride? floor, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (floor is null || !floor.IsActiveOn(day) || decision.Change != TierChange.Downgrade)
            return decision;
        var pinned = TierEngine.Ordered(programme).FirstOrDefault(t => string.Equals(t.Code, floor.TierCode, StringComparison.Ordinal));
        if (pinned is null || decision.To.Order >= pinned.Order)
            return decision;
        return pinned.Order >= decision.From.Order
            ? new TierDecision(TierChange.Keep, decision.From, decision.From, null)
            : new TierDecision(TierChange.Downgrade, decision.From, pinned, null);
    }

    /// <summary>
    /// What the member still needs to keep the current tier by <paramref name="validUntil"/>, in the current UI culture
    /// ("spend ¥380 more by 2027-03-01 to keep Gold"); null for the base tier, which there is nothing to keep of.
    /// </summary>
    public static string? RetentionText(Programme programme, string currentCode, QualificationStats stats, DateOnly? validUntil,
        string currencySymbol = ExplanationText.DefaultCurrency)
    {
        var tiers = TierEngine.Ordered(programme);
        var current = tiers.FirstOrDefault(t => string.Equals(t.Code, currentCode, StringComparison.Ordinal)) ?? tiers[0];
        if (current == tiers[0])
            return null;
        return validUntil is null
            ? RulesText.Format("Retention_NoEnd", current.Name)
            : TierEngine.RetentionProgress(programme, current.Code, stats).ToText(currencySymbol, validUntil);
    }

    /// <summary>Whether a tier condition of <paramref name="programme"/> measures spend in the rolling window.</summary>
    public static bool UsesRollingSpend(Programme programme) =>
        programme.Tiers.SelectMany(t => t.Entry.Concat(t.Retention)).Any(c => c.Kind == TierConditionKind.Spend && c.Window == SpendWindow.Rolling);
}
