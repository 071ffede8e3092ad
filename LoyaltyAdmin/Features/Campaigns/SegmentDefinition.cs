using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>What a segment condition looks at. Window fields count the last <see cref="SegmentCondition.WindowDays"/> days (0: ever).</summary>
public enum SegmentField
{
    DaysSinceLastPurchase,
    PurchasesInWindow,
    SpendInWindow,
    Tier,
    HomeStore,
    JoinChannel,
    DaysSinceJoining,
    BirthdayMonth,
    PointsBalance,
    ExpiringPoints,
    CouponsRedeemedInWindow,
    PointsRedeemedInWindow,
    MarketingConsent,

    /// <summary>In the top <see cref="SegmentCondition.Number"/> % of members by spend in the window.</summary>
    SpendTopPercent,
}

public enum SegmentOperator { AtLeast, AtMost, Is }

/// <summary>
/// One condition. Numbers compare with <see cref="Operator"/>; <see cref="SegmentField.Tier"/>, <see cref="SegmentField.HomeStore"/>
/// and <see cref="SegmentField.JoinChannel"/> compare <see cref="Text"/> (a tier code, a store id, a channel name) with "is";
/// <see cref="SegmentField.MarketingConsent"/> is met when the answer equals <see cref="Number"/> ≠ 0.
/// <see cref="SegmentField.ExpiringPoints"/> counts points whose last day falls within <see cref="WindowDays"/> days from today.
/// </summary>
public sealed record SegmentCondition(SegmentField Field, SegmentOperator Operator, decimal Number = 0, string? Text = null, int WindowDays = 0);

/// <summary>Conditions of a group: all must hold, or any one (<see cref="MatchAny"/>).</summary>
public sealed record SegmentGroup(IReadOnlyList<SegmentCondition> Conditions, bool MatchAny = false);

/// <summary>
/// A segment: its groups combine with AND (or OR with <see cref="MatchAnyGroup"/>); <see cref="LapsingOnly"/> then keeps only
/// members lapsing by their own rhythm (<see cref="Lapsing"/>). Pure data: <see cref="SegmentQuery"/> turns it into a query.
/// </summary>
public sealed record SegmentDefinition(IReadOnlyList<SegmentGroup> Groups, bool MatchAnyGroup = false, bool LapsingOnly = false)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static SegmentDefinition Everyone { get; } = new([]);

    public static SegmentDefinition Of(params SegmentCondition[] conditions) => new([new SegmentGroup(conditions)]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SegmentDefinition FromJson(string json) => JsonSerializer.Deserialize<SegmentDefinition>(json, Json) ?? Everyone;

    /// <summary>The segments every merchant starts with (editable copies are saved on first use).</summary>
    public static IReadOnlyList<(string Key, SegmentDefinition Definition)> BuiltIns { get; } =
    [
        ("new", Of(new SegmentCondition(SegmentField.DaysSinceJoining, SegmentOperator.AtMost, 30))),
        ("active", Of(new SegmentCondition(SegmentField.PurchasesInWindow, SegmentOperator.AtLeast, 1, WindowDays: 30))),
        ("lapsing", new SegmentDefinition([], LapsingOnly: true)),
        ("dormant", Of(new SegmentCondition(SegmentField.PurchasesInWindow, SegmentOperator.AtLeast, 1),
            new SegmentCondition(SegmentField.DaysSinceLastPurchase, SegmentOperator.AtLeast, 91))),
        ("vip", Of(new SegmentCondition(SegmentField.SpendTopPercent, SegmentOperator.AtMost, 10, WindowDays: 365))),
        ("big-redeemers", Of(new SegmentCondition(SegmentField.PointsRedeemedInWindow, SegmentOperator.AtLeast, 1000, WindowDays: 365))),
    ];
}

/// <summary>
/// The lapsing rule: a member who bought at least twice is lapsing once their last purchase is older than twice their own
/// median gap between purchases, and at least <see cref="MinimumDays"/> days.
/// </summary>
public static class Lapsing
{
    public const int MinimumDays = 30;

    /// <summary>Days without a purchase after which the member is lapsing; null with fewer than two purchases.</summary>
    public static double? ThresholdDays(IReadOnlyList<DateTime> purchases)
    {
        if (purchases.Count < 2)
            return null;
        var ordered = purchases.Order().ToArray();
        var gaps = ordered.Zip(ordered.Skip(1), (a, b) => (b - a).TotalDays).Order().ToArray();
        var median = gaps.Length % 2 == 1 ? gaps[gaps.Length / 2] : (gaps[gaps.Length / 2 - 1] + gaps[gaps.Length / 2]) / 2;
        return Math.Max(MinimumDays, 2 * median);
    }

    public static bool IsLapsing(IReadOnlyList<DateTime> purchases, DateTime nowUtc) =>
        ThresholdDays(purchases) is { } threshold && (nowUtc - purchases.Max()).TotalDays >= threshold;
}
