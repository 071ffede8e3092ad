namespace LoyaltyAdmin.Features.Notices;

/// <summary>
/// The single row of member-notice settings, edited by the Owner on the Notices page. A horizon of 0 turns that
/// notice off. Caps and quiet hours hold for every notice type.
/// </summary>
public sealed class NoticeSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Points expiring: the first warning, this many days before (30).</summary>
    public int PointsFirstDays { get; set; } = 30;

    /// <summary>Points expiring: the second warning (7); 0 = none.</summary>
    public int PointsSecondDays { get; set; } = 7;

    /// <summary>Tier ending this many days before its validity ends, with what keeps it (30).</summary>
    public int TierEndingDays { get; set; } = 30;

    /// <summary>Coupon expiring this many days before its last valid day (3).</summary>
    public int CouponDays { get; set; } = 3;

    /// <summary>Close to the next tier: at most this share (percent) of a condition's threshold still missing (20).</summary>
    public int TierClosePercent { get; set; } = 20;

    /// <summary>Tell members when they can afford a catalogue item they have not redeemed.</summary>
    public bool RewardReachable { get; set; } = true;

    /// <summary>At most one notice of a type per this many days (7).</summary>
    public int TypeIntervalDays { get; set; } = 7;

    /// <summary>At most this many notices in any 7 days (3).</summary>
    public int WeeklyLimit { get; set; } = 3;

    /// <summary>Quiet hours in merchant time, [from, until), across midnight when until is earlier (22:00–09:00); equal = none.</summary>
    public TimeOnly QuietFrom { get; set; } = new(22, 0);

    public TimeOnly QuietUntil { get; set; } = new(9, 0);

    /// <summary>The language of members who chose none ("en" or "zh-Hans").</summary>
    public string DefaultLanguage { get; set; } = NoticePolicy.Chinese;

    public DateTime UpdatedAtUtc { get; set; }
}
