namespace LoyaltyAdmin.Rules;

/// <summary>Where an activity happened.</summary>
public enum Channel
{
    /// <summary>The merchant's mini-program (小程序).</summary>
    MiniProgram,
    /// <summary>The merchant's app.</summary>
    App,
    /// <summary>A physical store (门店).</summary>
    Store,
}

/// <summary>What a member did.</summary>
public enum ActivityType
{
    /// <summary>A paid order.</summary>
    Purchase,
    /// <summary>A full or partial refund of an order; see <see cref="RefundCalculator"/>.</summary>
    Refund,
    /// <summary>The member registered.</summary>
    Registration,
    /// <summary>The member completed the profile or bound a phone number.</summary>
    ProfileCompleted,
    /// <summary>Daily check-in (签到).</summary>
    CheckIn,
    /// <summary>A share that brought a registered friend.</summary>
    Share,
    /// <summary>A review of an order.</summary>
    Review,
    /// <summary>The scheduled birthday award.</summary>
    Birthday,
    /// <summary>A successful referral.</summary>
    Referral,
}

/// <summary>How a fractional number of points becomes whole points.</summary>
public enum RoundingMode
{
    /// <summary>Towards zero: 23.9 → 23. The merchant-friendly default.</summary>
    Down,
    /// <summary>To the nearest whole point, halves away from zero: 23.5 → 24.</summary>
    Nearest,
    /// <summary>Away from zero: 23.1 → 24.</summary>
    Up,
}

/// <summary>Rounding helpers.</summary>
public static class RoundingModeExtensions
{
    /// <summary>Rounds a non-negative amount of points with this mode.</summary>
    public static long Apply(this RoundingMode mode, decimal value) => mode switch
    {
        RoundingMode.Nearest => (long)decimal.Round(value, 0, MidpointRounding.AwayFromZero),
        RoundingMode.Up => (long)decimal.Ceiling(value),
        _ => (long)decimal.Truncate(value),
    };
}

/// <summary>What a tier condition measures.</summary>
public enum TierConditionKind
{
    /// <summary>Cumulative spend (money), lifetime or in the programme's rolling window.</summary>
    Spend,
    /// <summary>Growth value (成长值).</summary>
    GrowthValue,
    /// <summary>Number of distinct merchant-local days with activity.</summary>
    ActiveDays,
    /// <summary>Number of successful referrals.</summary>
    Referrals,
}

/// <summary>The period a spend condition looks at.</summary>
public enum SpendWindow
{
    /// <summary>Everything since the member joined.</summary>
    Lifetime,
    /// <summary>The last <see cref="Programme.QualificationWindowMonths"/> months.</summary>
    Rolling,
}

/// <summary>How earned points expire.</summary>
public enum ExpiryKind
{
    /// <summary>Points never expire.</summary>
    Never,
    /// <summary>Points expire a fixed number of months after they are earned.</summary>
    RollingMonths,
    /// <summary>Points expire at the end of the calendar year after the one they were earned in.</summary>
    EndOfNextCalendarYear,
}
