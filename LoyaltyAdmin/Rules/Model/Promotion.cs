using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// A double-points day or other multiplier (积分翻倍日 / 会员日). Only the best applicable
/// non-stackable promotion applies; <see cref="Stackable"/> ones multiply on top of it.
/// </summary>
public sealed record Promotion
{
    /// <summary>Stable identifier.</summary>
    public required string Id { get; init; }

    /// <summary>Display name, used in explanations ("Wednesday member day").</summary>
    public required string Name { get; init; }

    /// <summary>Disabled promotions never apply.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Tie-break between equal multipliers; lower wins.</summary>
    public int Priority { get; init; }

    /// <summary>When the promotion runs, in merchant-local days.</summary>
    public required PromotionSchedule Schedule { get; init; }

    /// <summary>Multiplier, e.g. 2 or 1.5; must be positive.</summary>
    public decimal Multiplier { get; init; } = 2m;

    /// <summary>Ids of the earning rules it multiplies; must not be empty.</summary>
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    /// <summary>Channels covered.</summary>
    public IReadOnlyList<Channel> Channels { get; init; } = Rules.Channels.All;

    /// <summary>Tier codes covered; null = every tier.</summary>
    public IReadOnlyList<string>? TierCodes { get; init; }

    /// <summary>Whether it multiplies together with the best non-stackable promotion.</summary>
    public bool Stackable { get; init; }

    /// <summary>First merchant-local day, inclusive.</summary>
    public DateOnly? ActiveFrom { get; init; }

    /// <summary>Last merchant-local day, inclusive.</summary>
    public DateOnly? ActiveTo { get; init; }
}

/// <summary>The days a promotion runs on. Serialised with a <c>"kind"</c> discriminator.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(WeeklySchedule), "weekly")]
[JsonDerivedType(typeof(MonthlySchedule), "monthly")]
[JsonDerivedType(typeof(DateRangeSchedule), "dateRange")]
public abstract record PromotionSchedule
{
    /// <summary>Whether the merchant-local <paramref name="day"/> is a promotion day.</summary>
    public abstract bool Includes(DateOnly day);
}

/// <summary>Every given weekday, e.g. every Wednesday.</summary>
/// <param name="Days">Weekdays.</param>
public sealed record WeeklySchedule(IReadOnlyList<DayOfWeek> Days) : PromotionSchedule
{
    /// <inheritdoc />
    public override bool Includes(DateOnly day)
    {
        var dow = day.DayOfWeek;
        for (var i = 0; i < Days.Count; i++)
        {
            if (Days[i] == dow) return true;
        }
        return false;
    }
}

/// <summary>Given dates of every month, e.g. the 15th. Day 31 does not fall in shorter months.</summary>
/// <param name="DaysOfMonth">Days 1–31.</param>
public sealed record MonthlySchedule(IReadOnlyList<int> DaysOfMonth) : PromotionSchedule
{
    /// <inheritdoc />
    public override bool Includes(DateOnly day)
    {
        for (var i = 0; i < DaysOfMonth.Count; i++)
        {
            if (DaysOfMonth[i] == day.Day) return true;
        }
        return false;
    }
}

/// <summary>Every day from <paramref name="From"/> to <paramref name="To"/>, inclusive.</summary>
/// <param name="From">First day.</param>
/// <param name="To">Last day.</param>
public sealed record DateRangeSchedule(DateOnly From, DateOnly To) : PromotionSchedule
{
    /// <inheritdoc />
    public override bool Includes(DateOnly day) => day >= From && day <= To;
}
