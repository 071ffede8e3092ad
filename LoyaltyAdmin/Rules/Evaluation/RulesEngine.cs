using System.Globalization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// Turns an activity into points and growth. Pure and deterministic: the result depends only on
/// the arguments; the server's time zone and clock are never read.
/// </summary>
/// <remarks>
/// Per rule, in priority order: base points (and bonuses) → tier multiplier → best non-stackable
/// promotion → stackable promotions → caps (day, month, lifetime). Each multiplier step rounds
/// with the rule's <see cref="RoundingMode"/>, so every explanation line shows whole points.
/// </remarks>
public static class RulesEngine
{
    /// <summary>Largest accepted activity amount; larger ones are refused as input errors.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    /// <summary>Evaluates <paramref name="activity"/> and returns an immutable award (allocates the result).</summary>
    public static Award Evaluate(Programme programme, TimeZoneInfo merchantZone, MemberState member, Activity activity) =>
        Evaluate(CompiledProgramme.Compile(programme), merchantZone, member, activity);

    /// <summary>Evaluates <paramref name="activity"/> against a precompiled programme.</summary>
    public static Award Evaluate(CompiledProgramme programme, TimeZoneInfo merchantZone, MemberState member, Activity activity)
    {
        // Evaluation calls no user code, so one scratch buffer per thread cannot be re-entered.
        var buffer = t_buffer ??= new EvaluationBuffer();
        Evaluate(programme, merchantZone, member, activity, buffer);
        return buffer.ToAward();
    }

    [ThreadStatic]
    private static EvaluationBuffer? t_buffer;

    /// <summary>The merchant-local date of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo merchantZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, merchantZone).DateTime);

    /// <summary>
    /// Evaluates into <paramref name="buffer"/> without allocating in the steady state.
    /// Refunds award nothing here; use <see cref="RefundCalculator"/>.
    /// </summary>
    public static void Evaluate(CompiledProgramme programme, TimeZoneInfo merchantZone, MemberState member, Activity activity, EvaluationBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(merchantZone);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(buffer);

        buffer.Reset();
        var day = LocalDate(activity.OccurredAt, merchantZone);
        buffer.LocalDate = day;
        if (decimal.IsNegative(activity.Amount) || decimal.IsNegative(activity.Shipping) || decimal.IsNegative(activity.PaidWithPointsOrCoupons))
            throw new ArgumentException("Activity amounts cannot be negative.", nameof(activity));
        if (activity.Amount > MaxAmount || (!DecimalBits.IsZero(activity.PaidWithPointsOrCoupons) && activity.PaidWithPointsOrCoupons > MaxAmount))
            throw new ArgumentOutOfRangeException(nameof(activity), "Activity amounts above one trillion are refused.");

        // The usual earning amount (paid minus shipping), computed once for all rules.
        var plain = DecimalBits.IsZero(activity.Shipping) ? activity.Amount : activity.Amount - activity.Shipping;
        if (decimal.IsNegative(plain)) plain = 0m;

        var tierIndex = programme.TierIndex(member.TierCode);
        var tier = programme.TiersByOrder[tierIndex];
        var channelBit = 1 << (int)activity.Channel;
        var type = (int)activity.Type;

        var rules = programme.RulesByActivity[type];
        long total = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if ((rule.ChannelMask & channelBit) == 0 || day < rule.From || day > rule.To) continue;
            // Counters exist for caps only, so uncapped rules skip the lookup.
            var counter = rule.HasCaps ? member.CounterFor(rule.Id) : default;
            var points = ApplyRule(programme, rule, tier, tierIndex, channelBit, day, member, activity, plain, in counter, buffer);
            if (points > 0)
            {
                total += points;
                buffer.AddRule(new RuleAward(rule.Id, points, 0));
                if (rule.HasCaps) buffer.AddCounter(new CounterUpdate(rule.Id, counter.Add(day, points)));
            }
        }
        buffer.Points = total;

        var growthRules = programme.GrowthByActivity[type];
        long growth = 0;
        for (var i = 0; i < growthRules.Length; i++)
        {
            var g = growthRules[i];
            if ((g.ChannelMask & channelBit) == 0 || day < g.From || day > g.To) continue;
            var value = ApplyGrowth(g, plain, buffer);
            if (value > 0)
            {
                growth += value;
                buffer.AddRule(new RuleAward(g.Rule.Id, 0, value));
            }
        }
        buffer.Growth = growth;
    }

    /// <summary>The part of an order that earns under <paramref name="rule"/>.</summary>
    public static decimal EarningAmount(PurchaseRule rule, Activity activity)
    {
        var amount = activity.Amount;
        if (!rule.ShippingEarns) amount -= activity.Shipping;
        if (rule.PointsAndCouponsEarn) amount += activity.PaidWithPointsOrCoupons;
        return amount < 0 ? 0 : amount;
    }

    private static long ApplyRule(CompiledProgramme programme, CompiledRule c, Tier tier, int tierIndex, int channelBit, DateOnly day,
        MemberState member, Activity activity, decimal plainAmount, in RuleCounter counter, EvaluationBuffer buffer)
    {
        long points;
        switch (c.Rule)
        {
            case PurchaseRule p:
            {
                var amount = c.PlainAmount ? plainAmount : EarningAmount(p, activity);
                if (!DecimalBits.IsPositive(amount)) return 0;
                if (c.HasMinimum && amount < p.MinimumOrder)
                {
                    buffer.AddLine(new(ExplanationKind.BelowMinimumOrder, c.Id, p.Name, amount, p.MinimumOrder, 0, 0));
                    return 0;
                }
                points = c.WholeRate > 0 ? WholeRatePoints(amount, c.WholeRate, p.Rounding) : p.Rounding.Apply(amount / p.CurrencyPerPoint);
                buffer.AddLine(new(ExplanationKind.PurchaseBase, c.Id, p.Name, amount, p.CurrencyPerPoint, 0, points));
                if (p.LargeOrderBonus is { } bonus && amount >= bonus.MinimumAmount && bonus.Points > 0)
                {
                    var before = points;
                    points += bonus.Points;
                    buffer.AddLine(new(ExplanationKind.LargeOrderBonus, c.Id, p.Name, bonus.MinimumAmount, 0, before, points));
                }
                break;
            }
            case CheckInRule ci:
            {
                if (member.Streak is { } s && s.LastCheckIn >= day)
                {
                    buffer.AddLine(new(ExplanationKind.AlreadyCheckedIn, c.Id, ci.Name, 0, 0, 0, 0));
                    return 0;
                }
                var streak = member.Streak is { } old ? old.Next(day) : new CheckInStreak(day, 1);
                buffer.NewStreak = streak;
                points = ci.Points;
                buffer.AddLine(new(ExplanationKind.FixedPoints, c.Id, ci.Name, 0, 0, 0, points));
                for (var i = 0; i < ci.StreakBonuses.Count; i++)
                {
                    var b = ci.StreakBonuses[i];
                    if (!b.AppliesTo(streak.Length)) continue;
                    if (b.DayMultiplier != 1m)
                    {
                        var before = points;
                        points = RoundingMode.Down.Apply(points * b.DayMultiplier);
                        buffer.AddLine(new(ExplanationKind.StreakMultiplier, c.Id, ci.Name, streak.Length, b.DayMultiplier, before, points));
                    }
                    if (b.BonusPoints > 0)
                    {
                        var before = points;
                        points += b.BonusPoints;
                        buffer.AddLine(new(ExplanationKind.StreakBonus, c.Id, ci.Name, streak.Length, 0, before, points));
                    }
                }
                break;
            }
            case BirthdayRule b:
            {
                if (member.Birthday is not { } birthday || !b.IsDueOn(birthday, day))
                {
                    buffer.AddLine(new(ExplanationKind.NotBirthday, c.Id, b.Name, 0, 0, 0, 0));
                    return 0;
                }
                var key = new OnceKey(c.Id, day.Year.ToString(CultureInfo.InvariantCulture));
                if (!TryUseKey(key, member, buffer, b.Name)) return 0;
                points = b.Points;
                buffer.AddLine(new(ExplanationKind.FixedPoints, c.Id, b.Name, 0, 0, 0, points));
                break;
            }
            case ShareRule share when string.IsNullOrEmpty(activity.Reference):
                buffer.AddLine(new(ExplanationKind.ShareWithoutFriend, c.Id, share.Name, 0, 0, 0, 0));
                return 0;
            case FixedPointsRule f:
            {
                var keyValue = f switch
                {
                    ReviewRule => activity.OrderId ?? "",
                    ShareRule or ReferralRule => activity.Reference ?? "",
                    _ => "",
                };
                if (!TryUseKey(new OnceKey(c.Id, keyValue), member, buffer, f.Name)) return 0;
                points = f.Points;
                buffer.AddLine(new(ExplanationKind.FixedPoints, c.Id, f.Name, 0, 0, 0, points));
                break;
            }
            default:
                return 0;
        }

        var tierRatio = programme.TierMultipliers[tierIndex];
        if (c.UseTierMultiplier && !tierRatio.IsOne)
        {
            var before = points;
            points = tierRatio.Apply(points, c.Rounding);
            buffer.AddLine(new(ExplanationKind.TierMultiplier, c.Id, tier.Name, 0, tier.PointsMultiplier, before, points));
        }

        points = ApplyPromotions(c, tierIndex, channelBit, day, points, buffer);
        return c.HasCaps ? ApplyCaps(c, in counter, day, points, buffer) : points;
    }

    // Decimal division costs ~50 ns; for a whole rate floor(x / n) = floor(floor(x) / n) (and likewise
    // for ceilings), so integer division gives the same points.
    private static long WholeRatePoints(decimal amount, long rate, RoundingMode rounding)
    {
        if (rounding == RoundingMode.Up)
        {
            var up = (long)decimal.Ceiling(amount);
            return rate == 1 ? up : (up + rate - 1) / rate;
        }
        var down = (long)decimal.Truncate(amount);
        return rate == 1 ? down : down / rate;
    }

    private static bool TryUseKey(OnceKey key, MemberState member, EvaluationBuffer buffer, string name)
    {
        if (member.UsedOnceKeys.Contains(key))
        {
            buffer.AddLine(new(ExplanationKind.AlreadyAwarded, key.RuleId, name, 0, 0, 0, 0));
            return false;
        }
        buffer.AddKey(key);
        return true;
    }

    private static long ApplyPromotions(CompiledRule c, int tierIndex, int channelBit, DateOnly day, long points, EvaluationBuffer buffer)
    {
        var promotions = c.Promotions;
        if (promotions.Length == 0) return points;

        // Promotions are pre-sorted by priority then id, so a strict ">" keeps the first on ties.
        PromotionC? best = null;
        for (var i = 0; i < promotions.Length; i++)
        {
            var p = promotions[i];
            if (!p.Stackable && (best is null || p.Multiplier > best.Multiplier) && p.Applies(day, channelBit, tierIndex)) best = p;
        }
        if (best is not null) points = Multiply(c, best, points, buffer);
        for (var i = 0; i < promotions.Length; i++)
        {
            var p = promotions[i];
            if (p.Stackable && p.Applies(day, channelBit, tierIndex)) points = Multiply(c, p, points, buffer);
        }
        return points;
    }

    private static long Multiply(CompiledRule c, PromotionC p, long points, EvaluationBuffer buffer)
    {
        var after = p.Ratio.Apply(points, c.Rounding);
        buffer.AddLine(new(ExplanationKind.PromotionMultiplier, c.Id, p.Promotion.Name, 0, p.Multiplier, points, after));
        return after;
    }

    private static long ApplyCaps(CompiledRule c, in RuleCounter counter, DateOnly day, long points, EvaluationBuffer buffer)
    {
        points = Cap(ExplanationKind.DailyCap, c, c.CapDay, counter.DayTotal(day), points, buffer);
        points = Cap(ExplanationKind.MonthlyCap, c, c.CapMonth, counter.MonthTotal(day), points, buffer);
        return Cap(ExplanationKind.LifetimeCap, c, c.CapLifetime, counter.PointsLifetime, points, buffer);
    }

    private static long Cap(ExplanationKind kind, CompiledRule c, long cap, long used, long points, EvaluationBuffer buffer)
    {
        if (cap == long.MaxValue) return points;
        var room = Math.Max(0, cap - used);
        if (points <= room) return points;
        buffer.AddLine(new(kind, c.Id, c.Rule.Name, cap, 0, points, room));
        return room;
    }

    private static long ApplyGrowth(GrowthRuleC c, decimal amount, EvaluationBuffer buffer)
    {
        var g = c.Rule;
        long value = 0;
        if (c.PerAmount && DecimalBits.IsPositive(amount))
        {
            value = g.Rounding.Apply(amount * g.PerCurrencyUnit);
            buffer.AddLine(new(ExplanationKind.GrowthPerAmount, g.Id, g.Name, amount, g.PerCurrencyUnit, 0, value));
        }
        if (c.HasFixed)
        {
            var before = value;
            value += g.Fixed;
            buffer.AddLine(new(ExplanationKind.GrowthFixed, g.Id, g.Name, 0, 0, before, value));
        }
        return value;
    }
}
