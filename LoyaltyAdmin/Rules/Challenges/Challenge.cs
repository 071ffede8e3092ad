using System.Globalization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// A challenge (任务挑战): a goal the member reaches in stages within a period, each stage giving points, a coupon pack
/// or a badge. Part of the programme document, so it is versioned, exported and validated with the rules.
/// </summary>
public sealed record Challenge
{
    /// <summary>Stable identifier; progress rows refer to it.</summary>
    public required string Id { get; init; }

    /// <summary>Name in both languages, shown to staff and members.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>Optional description in both languages.</summary>
    public LocalizedText? Description { get; init; }

    /// <summary>A paused challenge (false) counts nothing and gives nothing; progress made so far is kept.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>What counts.</summary>
    public ChallengeGoal Goal { get; init; }

    /// <summary>How progress is grouped in time, in merchant-local days.</summary>
    public ChallengePeriod Period { get; init; }

    /// <summary>First merchant-local day, inclusive; required for <see cref="ChallengePeriod.Window"/>.</summary>
    public DateOnly? ActiveFrom { get; init; }

    /// <summary>Last merchant-local day, inclusive; required for <see cref="ChallengePeriod.Window"/>.</summary>
    public DateOnly? ActiveTo { get; init; }

    /// <summary>Tier codes that may take part; null = every tier.</summary>
    public IReadOnlyList<string>? TierCodes { get; init; }

    /// <summary>Milestones, lowest target first (e.g. 3 / 5 / 10 purchases).</summary>
    public IReadOnlyList<ChallengeStage> Stages { get; init; } = [];

    /// <summary>Once per member, or again every period.</summary>
    public ChallengeRepeat Repeat { get; init; } = ChallengeRepeat.Once;
}

/// <summary>One milestone and what reaching it gives.</summary>
public sealed record ChallengeStage
{
    /// <summary>Progress needed: a count, or money for <see cref="ChallengeGoal.Spend"/>.</summary>
    public decimal Target { get; init; }

    /// <summary>Points credited when the stage is reached.</summary>
    public long Points { get; init; }

    /// <summary>Name of a coupon pack issued when the stage is reached.</summary>
    public string? CouponPack { get; init; }

    /// <summary>Code of a badge (<see cref="Programme.Badges"/>) awarded when the stage is reached.</summary>
    public string? Badge { get; init; }
}

/// <summary>What a challenge counts.</summary>
public enum ChallengeGoal
{
    /// <summary>Purchases; one fully refunded no longer counts.</summary>
    Purchases,
    /// <summary>Money spent (the amount paid); refunds take it off.</summary>
    Spend,
    /// <summary>Distinct stores bought or checked in at.</summary>
    DistinctStores,
    /// <summary>Days with a check-in.</summary>
    CheckInDays,
    /// <summary>Successful referrals.</summary>
    Referrals,
    /// <summary>Order reviews.</summary>
    Reviews,
    /// <summary>Profile completed (target 1).</summary>
    ProfileCompleted,
}

/// <summary>How a challenge groups progress in time.</summary>
public enum ChallengePeriod
{
    /// <summary>One window, <see cref="Challenge.ActiveFrom"/> to <see cref="Challenge.ActiveTo"/>.</summary>
    Window,
    /// <summary>Monday to Sunday.</summary>
    Weekly,
    /// <summary>Calendar month.</summary>
    Monthly,
}

/// <summary>Whether a member can complete a challenge again.</summary>
public enum ChallengeRepeat
{
    /// <summary>Once per member, ever.</summary>
    Once,
    /// <summary>Again in every period.</summary>
    EachPeriod,
}

/// <summary>A badge (勋章) members collect, from challenges or from staff.</summary>
public sealed record Badge
{
    /// <summary>Stable code.</summary>
    public required string Code { get; init; }

    /// <summary>Name in both languages.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>Description in both languages.</summary>
    public LocalizedText? Description { get; init; }

    /// <summary>One of <see cref="BadgeIcons.All"/>.</summary>
    public string Icon { get; init; } = BadgeIcons.Star;
}

/// <summary>The bundled badge icons; the console draws each with its own icon font.</summary>
public static class BadgeIcons
{
    public const string Star = "star";
    public const string Trophy = "trophy";
    public const string Medal = "medal";
    public const string Heart = "heart";
    public const string Coffee = "coffee";
    public const string Store = "store";
    public const string Calendar = "calendar";
    public const string Rocket = "rocket";

    /// <summary>Every icon a badge may use.</summary>
    public static IReadOnlyList<string> All { get; } = [Star, Trophy, Medal, Heart, Coffee, Store, Calendar, Rocket];
}

/// <summary>A text in English and Simplified Chinese.</summary>
/// <param name="En">English.</param>
/// <param name="ZhHans">Simplified Chinese; English is shown when empty.</param>
public sealed record LocalizedText(string En, string ZhHans = "")
{
    /// <summary>The text for <paramref name="culture"/> (Chinese for any zh culture).</summary>
    public string In(CultureInfo culture) =>
        culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(ZhHans) ? ZhHans : En;

    /// <summary>The text in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public override string ToString() => In(CultureInfo.CurrentUICulture);
}
