using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>
/// A member's progress in one period of one challenge, written in the same write as the activity that moved it.
/// One row per (member, challenge, period), so each period's participation and completion can be counted afterwards.
/// </summary>
public sealed class MemberChallengeProgress
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public string ChallengeId { get; set; } = "";
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }

    /// <summary>A count, or money for spend goals.</summary>
    public decimal Value { get; set; }

    /// <summary>Stages reached and rewarded; never goes down (see <see cref="ChallengeEngine"/>).</summary>
    public int StagesReached { get; set; }

    /// <summary>Merchant day of the last counted activity.</summary>
    public DateOnly LastDay { get; set; }

    /// <summary>Store codes counted, each followed by '|'.</summary>
    public string? Stores { get; set; }

    /// <summary>Business time the last stage was reached.</summary>
    public DateTime? CompletedAtUtc { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public ChallengeProgress ToProgress() => new(ChallengeId, PeriodStart, Value, StagesReached, LastDay, Stores);
}

public enum BadgeSource { Challenge, Staff }

/// <summary>A badge a member holds: once per badge, from a challenge stage or from staff with a reason (audited).</summary>
public sealed class MemberBadge
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public string BadgeCode { get; set; } = "";
    public BadgeSource Source { get; set; }

    /// <summary>The challenge whose stage awarded it.</summary>
    public string? ChallengeId { get; set; }

    /// <summary>Staff's reason, kept as written.</summary>
    public string? Reason { get; set; }

    /// <summary>The staff member who awarded it.</summary>
    public string? AwardedBy { get; set; }

    /// <summary>Business time.</summary>
    public DateTime AwardedAtUtc { get; set; }

    public DateTime RecordedAtUtc { get; set; }
}
