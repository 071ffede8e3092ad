using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Data;

/// <summary>
/// One business event, appended in the same transaction as the change that caused it: the one feed that webhooks, member
/// notices, automations and the member history read. <see cref="Sequence"/> only grows; readers keep the last one they saw.
/// </summary>
public sealed class OutboxEvent
{
    /// <summary>Global order of appending (the primary key): reading from a sequence number is a range seek.</summary>
    public long Sequence { get; set; }

    /// <summary>The member the event is about; null for events about no member.</summary>
    public long? MemberId { get; set; }

    /// <summary>One of <see cref="BusinessEvents"/>.</summary>
    public string Type { get; set; } = "";

    /// <summary>The event's data as camelCase JSON: never the member's phone or name fields (staff free text, a void reason, is scrubbed by an erasure).</summary>
    public string Payload { get; set; } = "{}";

    /// <summary>Business time: when the activity that caused it happened.</summary>
    public DateTime OccurredAtUtc { get; set; }

    /// <summary>When it was written.</summary>
    public DateTime RecordedAtUtc { get; set; }
}

/// <summary>The outbox's event types (the webhook <c>type</c>); <c>docs/webhooks.md</c> shows each body.</summary>
public static class BusinessEvents
{
    public const string MemberRegistered = "member.registered";
    public const string MemberProfileChanged = "member.profile_changed";

    /// <summary>The member was erased on request: a merchant's backend deletes its own copy of their personal data.</summary>
    public const string MemberErased = "member.erased";
    public const string PointsEarned = "points.earned";
    public const string PointsSpent = "points.spent";
    public const string PointsExpired = "points.expired";
    public const string PointsAdjusted = "points.adjusted";
    public const string PointsReversed = "points.reversed";
    public const string PointsConfirmed = "points.confirmed";
    public const string TierChanged = "tier.changed";
    public const string CouponIssued = "coupon.issued";
    public const string CouponRedeemed = "coupon.redeemed";
    public const string CouponVoided = "coupon.voided";
    public const string CouponExpired = "coupon.expired";
    public const string ReferralRewarded = "referral.rewarded";
    public const string RedemptionMade = "redemption.made";
    public const string ChallengeProgressed = "challenge.progressed";
    public const string ChallengeCompleted = "challenge.completed";
    public const string BadgeAwarded = "badge.awarded";

    // Member notices: what is about to happen, for the merchant's backend to send as a message (see docs/webhooks.md).
    public const string NoticePointsExpiring = "notice.points_expiring";
    public const string NoticeTierEnding = "notice.tier_ending";
    public const string NoticeCouponExpiring = "notice.coupon_expiring";
    public const string NoticeTierClose = "notice.tier_close";
    public const string NoticeRewardReachable = "notice.reward_reachable";

    /// <summary>What changed: written with the change.</summary>
    public static readonly IReadOnlyList<string> Changes =
    [
        MemberRegistered, MemberProfileChanged, MemberErased, PointsEarned, PointsSpent, PointsExpired, PointsAdjusted, PointsReversed, PointsConfirmed,
        TierChanged, CouponIssued, CouponRedeemed, CouponVoided, CouponExpired, ReferralRewarded, RedemptionMade,
        ChallengeProgressed, ChallengeCompleted, BadgeAwarded,
    ];

    /// <summary>What is about to happen: written by the daily notices.</summary>
    public static readonly IReadOnlyList<string> Notices =
        [NoticePointsExpiring, NoticeTierEnding, NoticeCouponExpiring, NoticeTierClose, NoticeRewardReachable];

    /// <summary>Every type a webhook endpoint may subscribe to.</summary>
    public static readonly IReadOnlyList<string> All = [.. Changes, .. Notices];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>An event about <paramref name="memberId"/> with <paramref name="data"/> as its payload.</summary>
    public static OutboxEvent Create(string type, long? memberId, object data, DateTime occurredAtUtc, DateTime recordedAtUtc) => new()
    {
        Type = type, MemberId = memberId, Payload = JsonSerializer.Serialize(data, Json),
        OccurredAtUtc = occurredAtUtc, RecordedAtUtc = recordedAtUtc,
    };
}
