namespace LoyaltyAdmin.Rules;

/// <summary>
/// A programme prepared for fast evaluation: enabled rules bucketed by activity and sorted by
/// priority then id, promotions resolved per rule, tiers indexed by code. Build once per programme
/// version and share it between threads (it is immutable).
/// </summary>
public sealed class CompiledProgramme
{
    internal readonly CompiledRule[][] RulesByActivity;
    internal readonly GrowthRuleC[][] GrowthByActivity;
    internal readonly Tier[] TiersByOrder;
    internal readonly Ratio[] TierMultipliers;
    private readonly Dictionary<string, int> _tierIndex;

    /// <summary>The source programme.</summary>
    public Programme Programme { get; }

    /// <summary>The enabled challenges, bucketed by activity.</summary>
    public CompiledChallenges Challenges { get; }

    private CompiledProgramme(Programme programme)
    {
        Programme = programme;
        TiersByOrder = [.. programme.Tiers.OrderBy(t => t.Order).ThenBy(t => t.Code, StringComparer.Ordinal)];
        TierMultipliers = [.. TiersByOrder.Select(t => new Ratio(t.PointsMultiplier))];
        _tierIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < TiersByOrder.Length; i++) _tierIndex.TryAdd(TiersByOrder[i].Code, i);

        var promotions = programme.Promotions
            .Where(p => p.Enabled)
            .OrderBy(p => p.Priority).ThenBy(p => p.Id, StringComparer.Ordinal)
            .ToArray();

        var activityCount = Enum.GetValues<ActivityType>().Length;
        RulesByActivity = new CompiledRule[activityCount][];
        GrowthByActivity = new GrowthRuleC[activityCount][];
        for (var a = 0; a < activityCount; a++)
        {
            var type = (ActivityType)a;
            RulesByActivity[a] = [.. programme.EarningRules
                .Where(r => r.Enabled && r.Trigger == type)
                .OrderBy(r => r.Priority).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new CompiledRule(r, [.. promotions.Select(p => Compile(p, r.Id)).Where(p => p is not null).Select(p => p!)]))];
            GrowthByActivity[a] = [.. programme.GrowthRules
                .Where(r => r.Enabled && r.Activity == type)
                .OrderBy(r => r.Priority).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new GrowthRuleC(r))];
        }
        Challenges = new CompiledChallenges(programme, code => _tierIndex.TryGetValue(code, out var i) ? i : null);
    }

    private PromotionC? Compile(Promotion p, string ruleId)
    {
        if (!p.RuleIds.Contains(ruleId, StringComparer.Ordinal)) return null;
        ulong tiers = 0;
        if (p.TierCodes is null) tiers = ulong.MaxValue;
        else
        {
            foreach (var code in p.TierCodes)
            {
                if (_tierIndex.TryGetValue(code, out var i) && i < 64) tiers |= 1UL << i;
            }
        }
        return new PromotionC(p, ChannelMask(p.Channels), tiers);
    }

    internal static int ChannelMask(IReadOnlyList<Channel> channels)
    {
        var mask = 0;
        foreach (var c in channels) mask |= 1 << (int)c;
        return mask;
    }

    /// <summary>Prepares <paramref name="programme"/>; it should have passed <see cref="ProgrammeValidator"/>.</summary>
    public static CompiledProgramme Compile(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        if (programme.Tiers.Count == 0) throw new ArgumentException("A programme needs at least one tier.", nameof(programme));
        return new CompiledProgramme(programme);
    }

    /// <summary>Index of the tier in order (0 = base tier); unknown codes map to the base tier.</summary>
    public int TierIndex(string? code) => code is not null && _tierIndex.TryGetValue(code, out var i) ? i : 0;
}

internal sealed class CompiledRule(EarningRule rule, PromotionC[] promotions)
{
    public readonly EarningRule Rule = rule;
    public readonly string Id = rule.Id;
    public readonly int ChannelMask = CompiledProgramme.ChannelMask(rule.Channels);
    public readonly DateOnly From = rule.ActiveFrom ?? DateOnly.MinValue;
    public readonly DateOnly To = rule.ActiveTo ?? DateOnly.MaxValue;
    public readonly long CapDay = rule.Caps?.PerDay ?? long.MaxValue;
    public readonly long CapMonth = rule.Caps?.PerMonth ?? long.MaxValue;
    public readonly long CapLifetime = rule.Caps?.Lifetime ?? long.MaxValue;
    public readonly bool HasCaps = rule.Caps is { IsEmpty: false };
    public readonly RoundingMode Rounding = rule is PurchaseRule p ? p.Rounding : RoundingMode.Down;
    public readonly bool UseTierMultiplier = rule.UseTierMultiplier;
    public readonly bool HasMinimum = rule is PurchaseRule { MinimumOrder: > 0m };
    public readonly bool PlainAmount = rule is PurchaseRule { ShippingEarns: false, PointsAndCouponsEarn: false };

    // "n yuan = 1 point" with a whole n: floor(x / n) = floor(floor(x) / n), likewise for ceilings,
    // so Down and Up need no decimal division. 0 = use decimal division.
    public readonly long WholeRate = rule is PurchaseRule { Rounding: not RoundingMode.Nearest } p2
        && p2.CurrencyPerPoint > 0 && p2.CurrencyPerPoint <= 1_000_000m && decimal.Truncate(p2.CurrencyPerPoint) == p2.CurrencyPerPoint
        ? (long)p2.CurrencyPerPoint : 0;
    public readonly PromotionC[] Promotions = promotions;
}

internal sealed class PromotionC(Promotion p, int channelMask, ulong tierMask)
{
    public readonly Promotion Promotion = p;
    public readonly PromotionSchedule Schedule = p.Schedule;
    public readonly decimal Multiplier = p.Multiplier;
    public readonly Ratio Ratio = new(p.Multiplier);
    public readonly bool Stackable = p.Stackable;
    public readonly int ChannelMask = channelMask;
    public readonly ulong TierMask = tierMask;
    public readonly DateOnly From = p.ActiveFrom ?? DateOnly.MinValue;
    public readonly DateOnly To = p.ActiveTo ?? DateOnly.MaxValue;

    public bool Applies(DateOnly day, int channelBit, int tierIndex) =>
        (ChannelMask & channelBit) != 0
        && (tierIndex >= 64 || (TierMask & (1UL << tierIndex)) != 0)
        && day >= From && day <= To
        && Schedule.Includes(day);
}

internal sealed class GrowthRuleC(GrowthRule rule)
{
    public readonly GrowthRule Rule = rule;
    public readonly int ChannelMask = CompiledProgramme.ChannelMask(rule.Channels);
    public readonly DateOnly From = rule.ActiveFrom ?? DateOnly.MinValue;
    public readonly DateOnly To = rule.ActiveTo ?? DateOnly.MaxValue;
    public readonly bool PerAmount = rule.PerCurrencyUnit > 0;
    public readonly bool HasFixed = rule.Fixed > 0;
}
