using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Rules;

/// <summary>Checks a programme before it is saved, imported or evaluated.</summary>
public static partial class ProgrammeValidator
{
    [GeneratedRegex("^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]
    private static partial Regex HexColour();

    /// <summary>Every problem found, in document order; empty when the programme is valid.</summary>
    public static IReadOnlyList<ValidationError> Validate(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var errors = new List<ValidationError>();
        void Add(string path, ValidationCode code, params object?[] args) => errors.Add(new ValidationError(path, code, args));

        if (programme.SchemaVersion != Programme.CurrentSchemaVersion)
            Add("schemaVersion", ValidationCode.UnsupportedSchemaVersion, programme.SchemaVersion, Programme.CurrentSchemaVersion);
        if (programme.QualificationWindowMonths < 1)
            Add("qualificationWindowMonths", ValidationCode.MonthsNotPositive, programme.QualificationWindowMonths);
        if (programme.PointValue is null) Add("pointValue", ValidationCode.Required, "pointValue");
        else if (programme.PointValue.MoneyPerPoint <= 0)
            Add("pointValue.moneyPerPoint", ValidationCode.PointValueNotPositive, programme.PointValue.MoneyPerPoint);
        if (programme.Expiry is null) Add("expiry", ValidationCode.Required, "expiry");
        else
        {
            if (programme.Expiry.Kind == ExpiryKind.RollingMonths && programme.Expiry.Months < 1)
                Add("expiry.months", ValidationCode.MonthsNotPositive, programme.Expiry.Months);
            if (programme.Expiry.PendingDays < 0)
                Add("expiry.pendingDays", ValidationCode.NegativeValue, programme.Expiry.PendingDays);
        }

        ValidateTiers(programme.Tiers, Add);
        var ruleIds = ValidateEarningRules(programme.EarningRules, Add);
        ValidateGrowthRules(programme.GrowthRules, ruleIds, Add);
        ValidatePromotions(programme, ruleIds, Add);
        ValidateChallenges(programme, Add);
        return errors;
    }

    private delegate void Report(string path, ValidationCode code, params object?[] args);

    private static void ValidateTiers(IReadOnlyList<Tier> tiers, Report add)
    {
        if (tiers.Count == 0)
        {
            add("tiers", ValidationCode.NoTiers);
            return;
        }
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var orders = new HashSet<int>();
        for (var i = 0; i < tiers.Count; i++)
        {
            var t = tiers[i];
            var p = $"tiers[{i}]";
            if (string.IsNullOrWhiteSpace(t.Code)) add($"{p}.code", ValidationCode.Required, "code");
            else if (!codes.Add(t.Code)) add($"{p}.code", ValidationCode.DuplicateTierCode, t.Code);
            Name(t.Name, $"{p}.name", add);
            foreach (var d in Enumerable.Range(0, t.Benefits?.Descriptions.Count ?? 0).Where(d => SafeText.Check(t.Benefits!.Descriptions[d]) != TextFault.None))
                add($"{p}.benefits.descriptions[{d}]", ValidationCode.UnsafeText, "description");
            if (!orders.Add(t.Order)) add($"{p}.order", ValidationCode.DuplicateTierOrder, t.Order);
            if (t.Colour is null || !HexColour().IsMatch(t.Colour)) add($"{p}.colour", ValidationCode.InvalidColour, t.Colour);
            if (t.PointsMultiplier <= 0) add($"{p}.pointsMultiplier", ValidationCode.MultiplierNotPositive, t.PointsMultiplier);
            if (t.ValidityMonths is < 1) add($"{p}.validityMonths", ValidationCode.MonthsNotPositive, t.ValidityMonths);
            if (t.Benefits?.DiscountRate is { } rate && (rate <= 0 || rate > 1))
                add($"{p}.benefits.discountRate", ValidationCode.DiscountRateOutOfRange, rate);
            ValidateConditions(t.Entry, $"{p}.entry", add);
            ValidateConditions(t.Retention, $"{p}.retention", add);
        }

        // Order relations: compare each tier with every lower one (by Order, not list position).
        var index = Enumerable.Range(0, tiers.Count).OrderBy(i => tiers[i].Order).ToArray();
        var baseIdx = index[0];
        if (tiers[baseIdx].Entry.Count > 0) add($"tiers[{baseIdx}].entry", ValidationCode.BaseTierHasConditions, tiers[baseIdx].Name);
        for (var a = 1; a < index.Length; a++)
        {
            var hi = tiers[index[a]];
            if (hi.Entry.Count == 0) add($"tiers[{index[a]}].entry", ValidationCode.TierWithoutEntry, hi.Name);
            for (var b = 0; b < a; b++)
            {
                var lo = tiers[index[b]];
                if (hi.Order == lo.Order) continue;
                if (hi.PointsMultiplier < lo.PointsMultiplier && hi.PointsMultiplier > 0)
                    add($"tiers[{index[a]}].pointsMultiplier", ValidationCode.TierMultiplierDecreasing, hi.Name, hi.PointsMultiplier, lo.Name, lo.PointsMultiplier);
                if (b == 0) continue; // the base tier has no thresholds to overlap with
                foreach (var hc in hi.Entry)
                {
                    foreach (var lc in lo.Entry)
                    {
                        if (hc.PathName == lc.PathName && hc.Threshold <= lc.Threshold)
                            add($"tiers[{index[a]}].entry.{hc.PathName}", ValidationCode.ThresholdNotIncreasing, hi.Name, hc.Threshold, lo.Name, lc.Threshold);
                    }
                }
            }
        }
        for (var b = 1; b < index.Length; b++)
        {
            var lo = tiers[index[b]];
            if (lo.Entry.Count == 0) continue;
            for (var a = b + 1; a < index.Length; a++)
            {
                var hi = tiers[index[a]];
                if (hi.Order == lo.Order) continue;
                var implied = lo.Entry.All(lc => hi.Entry.Any(hc => hc.PathName == lc.PathName && hc.Threshold <= lc.Threshold));
                if (implied)
                {
                    add($"tiers[{index[b]}]", ValidationCode.TierUnreachable, lo.Name, hi.Name);
                    break;
                }
            }
        }
    }

    private static void ValidateConditions(IReadOnlyList<TierCondition> conditions, string path, Report add)
    {
        foreach (var c in conditions)
        {
            if (c.Threshold <= 0) add($"{path}.{c.PathName}", ValidationCode.ThresholdNotPositive, c.Threshold);
            if (c.Window == SpendWindow.Rolling && c.Kind != TierConditionKind.Spend)
                add($"{path}.{c.PathName}", ValidationCode.WindowOnlyForSpend);
        }
    }

    private static HashSet<string> ValidateEarningRules(IReadOnlyList<EarningRule> rules, Report add)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var p = RulePath("earningRules", r.Id, i);
            if (string.IsNullOrWhiteSpace(r.Id)) add($"{p}.id", ValidationCode.Required, "id");
            else if (!ids.Add(r.Id)) add($"{p}.id", ValidationCode.DuplicateId, r.Id);
            Name(r.Name, $"{p}.name", add);
            if (r.Channels is null || r.Channels.Count == 0) add($"{p}.channels", ValidationCode.NoChannels);
            if (r.ActiveFrom > r.ActiveTo) add($"{p}.activeFrom", ValidationCode.InvalidWindow, r.ActiveFrom, r.ActiveTo);

            long singleAward = 0;
            switch (r)
            {
                case PurchaseRule pr:
                    if (pr.CurrencyPerPoint <= 0) add($"{p}.currencyPerPoint", ValidationCode.CurrencyPerPointNotPositive, pr.CurrencyPerPoint);
                    if (pr.MinimumOrder < 0) add($"{p}.minimumOrder", ValidationCode.NegativeValue, pr.MinimumOrder);
                    if (pr.LargeOrderBonus is { } bonus)
                    {
                        if (bonus.MinimumAmount < 0) add($"{p}.largeOrderBonus.minimumAmount", ValidationCode.NegativeValue, bonus.MinimumAmount);
                        if (bonus.Points < 0) add($"{p}.largeOrderBonus.points", ValidationCode.NegativeValue, bonus.Points);
                        singleAward = bonus.Points;
                    }
                    break;
                case FixedPointsRule f:
                    if (f.Points < 0) add($"{p}.points", ValidationCode.NegativeValue, f.Points);
                    singleAward = f.Points;
                    var hasBonus = false;
                    if (f is CheckInRule ci)
                    {
                        for (var s = 0; s < ci.StreakBonuses.Count; s++)
                        {
                            var sb = ci.StreakBonuses[s];
                            var sp = $"{p}.streakBonuses[{s}]";
                            if (sb.Days < 2) add($"{sp}.days", ValidationCode.StreakTooShort, sb.Days);
                            if (sb.BonusPoints < 0) add($"{sp}.bonusPoints", ValidationCode.NegativeValue, sb.BonusPoints);
                            if (sb.DayMultiplier <= 0) add($"{sp}.dayMultiplier", ValidationCode.MultiplierNotPositive, sb.DayMultiplier);
                            hasBonus |= sb.BonusPoints > 0 || (sb.DayMultiplier > 1 && f.Points > 0);
                        }
                    }
                    if (f.Points == 0 && !hasBonus) add($"{p}.points", ValidationCode.NothingAwarded);
                    break;
            }

            if (r.Caps is { } caps)
            {
                CheckCap(caps.PerDay, "perDay");
                CheckCap(caps.PerMonth, "perMonth");
                CheckCap(caps.Lifetime, "lifetime");
                if (caps.PerDay > caps.PerMonth) add($"{p}.caps.perDay", ValidationCode.CapsInconsistent, caps.PerDay, caps.PerMonth);
                if (caps.PerMonth > caps.Lifetime) add($"{p}.caps.perMonth", ValidationCode.CapsInconsistent, caps.PerMonth, caps.Lifetime);
                else if (caps.PerDay > caps.Lifetime) add($"{p}.caps.perDay", ValidationCode.CapsInconsistent, caps.PerDay, caps.Lifetime);
            }

            void CheckCap(long? cap, string name)
            {
                if (cap is not { } c) return;
                if (c <= 0) add($"{p}.caps.{name}", ValidationCode.CapNotPositive, c);
                else if (c < singleAward) add($"{p}.caps.{name}", ValidationCode.CapBelowSingleAward, c, singleAward);
            }
        }
        return ids;
    }

    private static void ValidateGrowthRules(IReadOnlyList<GrowthRule> rules, HashSet<string> earningIds, Report add)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var g = rules[i];
            var p = RulePath("growthRules", g.Id, i);
            // Growth and earning rule ids share one space: award breakdowns list both.
            if (string.IsNullOrWhiteSpace(g.Id)) add($"{p}.id", ValidationCode.Required, "id");
            else if (!ids.Add(g.Id) || earningIds.Contains(g.Id)) add($"{p}.id", ValidationCode.DuplicateId, g.Id);
            Name(g.Name, $"{p}.name", add);
            if (g.Channels is null || g.Channels.Count == 0) add($"{p}.channels", ValidationCode.NoChannels);
            if (g.ActiveFrom > g.ActiveTo) add($"{p}.activeFrom", ValidationCode.InvalidWindow, g.ActiveFrom, g.ActiveTo);
            if (g.PerCurrencyUnit < 0) add($"{p}.perCurrencyUnit", ValidationCode.NegativeValue, g.PerCurrencyUnit);
            if (g.Fixed < 0) add($"{p}.fixed", ValidationCode.NegativeValue, g.Fixed);
            if (g.PerCurrencyUnit == 0 && g.Fixed == 0) add($"{p}", ValidationCode.NothingAwarded);
        }
    }

    private static void ValidatePromotions(Programme programme, HashSet<string> ruleIds, Report add)
    {
        var tierCodes = programme.Tiers.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < programme.Promotions.Count; i++)
        {
            var pr = programme.Promotions[i];
            var p = RulePath("promotions", pr.Id, i);
            if (string.IsNullOrWhiteSpace(pr.Id)) add($"{p}.id", ValidationCode.Required, "id");
            else if (!ids.Add(pr.Id)) add($"{p}.id", ValidationCode.DuplicateId, pr.Id);
            Name(pr.Name, $"{p}.name", add);
            if (pr.Multiplier <= 0) add($"{p}.multiplier", ValidationCode.MultiplierNotPositive, pr.Multiplier);
            if (pr.RuleIds is null || pr.RuleIds.Count == 0) add($"{p}.ruleIds", ValidationCode.PromotionNoRules, pr.Name);
            else
            {
                for (var r = 0; r < pr.RuleIds.Count; r++)
                {
                    if (!ruleIds.Contains(pr.RuleIds[r])) add($"{p}.ruleIds[{r}]", ValidationCode.UnknownRule, pr.RuleIds[r]);
                }
            }
            if (pr.Channels is null || pr.Channels.Count == 0) add($"{p}.channels", ValidationCode.NoChannels);
            if (pr.TierCodes is { Count: 0 }) add($"{p}.tierCodes", ValidationCode.PromotionNoTiers, pr.Name);
            else if (pr.TierCodes is not null)
            {
                for (var t = 0; t < pr.TierCodes.Count; t++)
                {
                    if (!tierCodes.Contains(pr.TierCodes[t])) add($"{p}.tierCodes[{t}]", ValidationCode.UnknownTier, pr.TierCodes[t]);
                }
            }
            if (pr.ActiveFrom > pr.ActiveTo) add($"{p}.activeFrom", ValidationCode.InvalidWindow, pr.ActiveFrom, pr.ActiveTo);
            switch (pr.Schedule)
            {
                case null:
                    add($"{p}.schedule", ValidationCode.Required, "schedule");
                    break;
                case WeeklySchedule w when w.Days is null || w.Days.Count == 0:
                    add($"{p}.schedule.days", ValidationCode.ScheduleEmpty);
                    break;
                case MonthlySchedule m when m.DaysOfMonth is null || m.DaysOfMonth.Count == 0:
                    add($"{p}.schedule.daysOfMonth", ValidationCode.ScheduleEmpty);
                    break;
                case MonthlySchedule m:
                    foreach (var d in m.DaysOfMonth)
                    {
                        if (d is < 1 or > 31) add($"{p}.schedule.daysOfMonth", ValidationCode.DayOfMonthOutOfRange, d);
                    }
                    break;
                case DateRangeSchedule dr when dr.From > dr.To:
                    add($"{p}.schedule.from", ValidationCode.InvalidWindow, dr.From, dr.To);
                    break;
            }
        }
    }

    /// <summary>A name is required and is plain text: no control or bidirectional characters.</summary>
    private static void Name(string? name, string path, Report add)
    {
        if (string.IsNullOrWhiteSpace(name)) add(path, ValidationCode.Required, "name");
        else if (SafeText.Check(name) != TextFault.None) add(path, ValidationCode.UnsafeText, "name");
    }

    private static string RulePath(string collection, string? id, int index) =>
        string.IsNullOrWhiteSpace(id) ? $"{collection}[#{index}]" : $"{collection}[{id}]";
}
