using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>
/// A notice's structured data: the fields of its <c>notice.*</c> event beside <c>noticeId</c>, <c>language</c> and
/// <c>text</c> (docs/notices.md shows each). Never the member's phone or name.
/// </summary>
public abstract record NoticeData
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The outbox event type this data belongs to.</summary>
    [JsonIgnore]
    public abstract string Type { get; }

    public string ToJson() => JsonSerializer.Serialize(this, GetType(), Json);

    /// <summary>The event's payload: the notice's id, language and text, then this data's fields.</summary>
    public JsonObject ToPayload(long noticeId, string language, string text)
    {
        var payload = new JsonObject { ["noticeId"] = noticeId, ["language"] = language, ["text"] = text };
        foreach (var (name, value) in JsonNode.Parse(ToJson())!.AsObject().ToList())
            payload[name] = value?.DeepClone();
        return payload;
    }
}

/// <summary>Points the member can still spend until <paramref name="ExpiresOn"/> (inclusive), after which they expire.</summary>
public sealed record PointsExpiringData(long Points, DateOnly ExpiresOn, int DaysLeft) : NoticeData
{
    public override string Type => BusinessEvents.NoticePointsExpiring;
}

/// <summary>One tier condition: what the member has, what is missing, and a sentence for it in the member's language.</summary>
public sealed record ConditionData(string Kind, decimal Current, decimal Missing, string Text);

/// <summary>The member's tier is valid until <paramref name="ValidUntil"/> and would then move down to <paramref name="DowngradeTo"/> unless one of <paramref name="KeepBy"/> is met.</summary>
public sealed record TierEndingData(string Tier, string TierName, DateOnly ValidUntil, int DaysLeft, string DowngradeTo, string DowngradeToName,
    IReadOnlyList<ConditionData> KeepBy) : NoticeData
{
    public override string Type => BusinessEvents.NoticeTierEnding;
}

/// <summary>An issued coupon whose last valid day is <paramref name="ValidUntil"/>.</summary>
public sealed record CouponExpiringData(string CouponCode, string CouponName, DateOnly ValidUntil, int DaysLeft) : NoticeData
{
    public override string Type => BusinessEvents.NoticeCouponExpiring;
}

/// <summary>The member is close to <paramref name="NextTier"/>: any of <paramref name="Missing"/> reaches it.</summary>
public sealed record TierCloseData(string Tier, string NextTier, string NextTierName, IReadOnlyList<ConditionData> Missing) : NoticeData
{
    public override string Type => BusinessEvents.NoticeTierClose;
}

/// <summary>The member's available points pay for a catalogue item they have not redeemed.</summary>
public sealed record RewardReachableData(string ItemCode, string ItemName, long Points, decimal? Cash, long Balance) : NoticeData
{
    public override string Type => BusinessEvents.NoticeRewardReachable;
}
