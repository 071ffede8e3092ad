namespace LoyaltyAdmin.Features.Notices;

public enum NoticeStatus { Scheduled, Sent, Skipped }

/// <summary>Why a notice waits or was not sent.</summary>
public enum NoticeReason
{
    None,

    /// <summary>Still scheduled: its time fell in the quiet hours, so it is held until they end.</summary>
    QuietHours,

    /// <summary>The member had a notice of this type too recently.</summary>
    TypeCap,

    /// <summary>The member had too many notices this week.</summary>
    WeeklyCap,

    /// <summary>A marketing notice for a member who has not agreed to marketing messages.</summary>
    NoConsent,

    /// <summary>By its time it was no longer true (points spent, coupon used, tier kept or reached, member not active).</summary>
    NoLongerApplies,
}

/// <summary>
/// One member notice (会员提醒): computed by the daily run for a merchant <see cref="Day"/>, held until <see cref="DueAtUtc"/>
/// (after the quiet hours), then appended to the outbox as a <c>notice.*</c> event for the merchant's backend to send.
/// At most one per member, type, subject and day (a unique key), so a day computed twice, or on two instances, notifies once.
/// </summary>
public sealed class MemberNotice
{
    public long Id { get; set; }
    public long MemberId { get; set; }

    /// <summary>One of <see cref="Data.BusinessEvents.Notices"/>.</summary>
    public string Type { get; set; } = "";

    /// <summary>What it is about: an expiry date and horizon ("2026-04-09/7"), a coupon code, a tier, a catalogue item.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The merchant day it was computed for.</summary>
    public DateOnly Day { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>When it goes out (business time of its event): the computing time moved past the quiet hours.</summary>
    public DateTime DueAtUtc { get; set; }

    public NoticeStatus Status { get; set; }
    public NoticeReason Reason { get; set; }

    /// <summary>"en" or "zh-Hans": the member's language, or the merchant's default.</summary>
    public string Language { get; set; } = "";

    /// <summary>The ready text, in <see cref="Language"/>; refreshed with the figures when it is sent.</summary>
    public string Text { get; set; } = "";

    /// <summary>The structured data (camelCase JSON) the text was written from.</summary>
    public string Data { get; set; } = "{}";

    /// <summary>The outbox event it became.</summary>
    public long? OutboxSequence { get; set; }

    public DateTime? SentAtUtc { get; set; }

    /// <summary>Concurrency token: two publishers of one notice cannot both win.</summary>
    public long Version { get; set; }

    /// <summary>A new, unsaved copy (a save that failed leaves its rows tracked by that context).</summary>
    internal MemberNotice Copy()
    {
        var copy = (MemberNotice)MemberwiseClone();
        copy.Id = 0;
        return copy;
    }
}
