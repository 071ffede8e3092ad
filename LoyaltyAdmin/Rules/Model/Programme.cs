using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// The whole loyalty programme a merchant configures: tiers, earning rules, growth rules,
/// promotions, expiry and point value. One JSON document (see <see cref="ProgrammeJson"/>).
/// Instances are immutable; check them with <see cref="ProgrammeValidator"/> before use.
/// </summary>
public sealed record Programme
{
    /// <summary>The schema version this code reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Version of the document format; always <see cref="CurrentSchemaVersion"/>.</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>Display name of the programme.</summary>
    public string Name { get; init; } = "";

    /// <summary>Length of the rolling window used by <see cref="SpendWindow.Rolling"/> conditions.</summary>
    public int QualificationWindowMonths { get; init; } = 12;

    /// <summary>Tiers; ordered by <see cref="Tier.Order"/>, the lowest is the base tier every member starts in.</summary>
    public IReadOnlyList<Tier> Tiers { get; init; } = [];

    /// <summary>Rules that award points.</summary>
    public IReadOnlyList<EarningRule> EarningRules { get; init; } = [];

    /// <summary>Rules that award growth value.</summary>
    public IReadOnlyList<GrowthRule> GrowthRules { get; init; } = [];

    /// <summary>Double-points days and other multipliers.</summary>
    public IReadOnlyList<Promotion> Promotions { get; init; } = [];

    /// <summary>When earned points expire and how long purchase points stay pending.</summary>
    public ExpiryPolicy Expiry { get; init; } = ExpiryPolicy.RollingMonths(12);

    /// <summary>What one point is worth in money, for liability reports and paying with points.</summary>
    public PointValue PointValue { get; init; } = new(0.01m);

    /// <summary>Challenges with stages and rewards; null (left out of the document) = none.</summary>
    public IReadOnlyList<Challenge>? Challenges { get; init; }

    /// <summary>Badges challenges and staff award; null (left out of the document) = none.</summary>
    public IReadOnlyList<Badge>? Badges { get; init; }
}

/// <summary>Expiry of earned points and the optional pending period of purchase points.</summary>
public sealed record ExpiryPolicy
{
    /// <summary>The kind of expiry.</summary>
    public ExpiryKind Kind { get; init; }

    /// <summary>Months until expiry for <see cref="ExpiryKind.RollingMonths"/>; otherwise 0.</summary>
    public int Months { get; init; }

    /// <summary>Days purchase points stay pending (the return window) before they can be spent; 0 = none.</summary>
    public int PendingDays { get; init; }

    /// <summary>Points expire <paramref name="months"/> months after they are earned.</summary>
    public static ExpiryPolicy RollingMonths(int months, int pendingDays = 0) =>
        new() { Kind = ExpiryKind.RollingMonths, Months = months, PendingDays = pendingDays };

    /// <summary>Points expire on 31 December of the year after they are earned.</summary>
    public static ExpiryPolicy EndOfNextCalendarYear(int pendingDays = 0) =>
        new() { Kind = ExpiryKind.EndOfNextCalendarYear, PendingDays = pendingDays };

    /// <summary>Points never expire.</summary>
    public static ExpiryPolicy Never(int pendingDays = 0) => new() { Kind = ExpiryKind.Never, PendingDays = pendingDays };

    /// <summary>The last merchant-local day on which points earned on <paramref name="earnedOn"/> can be spent, or null if they never expire.</summary>
    public DateOnly? LastValidDay(DateOnly earnedOn) => Kind switch
    {
        ExpiryKind.RollingMonths => earnedOn.AddMonths(Months).AddDays(-1),
        ExpiryKind.EndOfNextCalendarYear => new DateOnly(earnedOn.Year + 1, 12, 31),
        _ => null,
    };

    /// <summary>The merchant-local day purchase points earned on <paramref name="earnedOn"/> become spendable.</summary>
    public DateOnly AvailableFrom(DateOnly earnedOn) => earnedOn.AddDays(PendingDays);
}

/// <summary>What one point is worth.</summary>
/// <param name="MoneyPerPoint">Money per point, e.g. 0.01 (100 points = ¥1).</param>
public sealed record PointValue(decimal MoneyPerPoint);

/// <summary>Per-member limits on the points one rule may award.</summary>
public sealed record Caps
{
    /// <summary>Most points per merchant-local day, or null.</summary>
    public long? PerDay { get; init; }

    /// <summary>Most points per merchant-local calendar month, or null.</summary>
    public long? PerMonth { get; init; }

    /// <summary>Most points over the member's lifetime, or null.</summary>
    public long? Lifetime { get; init; }

    /// <summary>True when no limit is set.</summary>
    [JsonIgnore]
    public bool IsEmpty => PerDay is null && PerMonth is null && Lifetime is null;
}

/// <summary>The channel list every rule gets unless the merchant narrows it.</summary>
public static class Channels
{
    /// <summary>Mini-program, app and store.</summary>
    public static IReadOnlyList<Channel> All { get; } = [Channel.MiniProgram, Channel.App, Channel.Store];
}
