using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>What the scheduler must know of a batch's members' earlier notices, read in two queries.</summary>
internal sealed class NoticeHistory
{
    private readonly ILookup<long, MemberNotice> same;
    private readonly ILookup<long, MemberNotice> recent;
    private readonly Dictionary<long, MemberHistory> members = [];

    private NoticeHistory(ILookup<long, MemberNotice> same, ILookup<long, MemberNotice> recent) => (this.same, this.recent) = (same, recent);

    /// <summary>
    /// The members' notices about the same subjects (any day), their sent or scheduled notices near now, or up to
    /// <paramref name="ahead"/> later (for the caps), and their skips of the last week.
    /// </summary>
    public static async Task<NoticeHistory> ForAsync(LoyaltyDbContext db, NoticeDay d, IReadOnlyList<NoticeCandidate> found, TimeSpan ahead, CancellationToken ct)
    {
        var ids = found.Select(c => c.Member.Id).Distinct().ToList();
        var subjects = found.Select(c => c.Subject).Distinct().ToList();
        var reach = TimeSpan.FromDays(Math.Max(d.Settings.TypeIntervalDays, 7) + 1);
        var (from, to, weekAgo) = (d.NowUtc - reach, d.NowUtc + ahead + reach, d.Day.AddDays(-7));
        var same = await db.MemberNotices.AsNoTracking().Where(n => ids.Contains(n.MemberId) && subjects.Contains(n.Subject)).ToListAsync(ct);
        var recent = await db.MemberNotices.AsNoTracking()
            .Where(n => ids.Contains(n.MemberId) && ((n.Status == NoticeStatus.Skipped && n.Day > weekAgo)
                || (n.Status != NoticeStatus.Skipped && (n.SentAtUtc ?? n.DueAtUtc) > from && (n.SentAtUtc ?? n.DueAtUtc) < to)))
            .ToListAsync(ct);
        return new NoticeHistory(same.ToLookup(n => n.MemberId), recent.ToLookup(n => n.MemberId));
    }

    public MemberHistory Of(long memberId)
    {
        if (!members.TryGetValue(memberId, out var member))
        {
            member = new MemberHistory(same[memberId].ToList(), recent[memberId].ToList());
            members[memberId] = member;
        }
        return member;
    }

    /// <summary>One member's history, updated as the scheduler decides.</summary>
    public sealed class MemberHistory(List<MemberNotice> same, List<MemberNotice> recent)
    {
        private readonly HashSet<(string, NoticeReason)> skips =
            [.. recent.Where(n => n.Status == NoticeStatus.Skipped).Select(n => (n.Type, n.Reason))];

        /// <summary>Sent and scheduled notices, as the caps count them.</summary>
        public List<PastNotice> Counted { get; } =
            [.. recent.Where(n => n.Status != NoticeStatus.Skipped).Select(n => new PastNotice(n.Type, n.SentAtUtc ?? n.DueAtUtc))];

        /// <summary>The day already decided this notice (a second run of the day).</summary>
        public bool HasDecided(string type, string subject, DateOnly day) => same.Any(n => n.Type == type && n.Subject == subject && n.Day == day);

        /// <summary>The member was already told (or is about to be) of this very subject.</summary>
        public bool WasNotified(string type, string subject) => same.Any(n => n.Type == type && n.Subject == subject && n.Status != NoticeStatus.Skipped);

        /// <summary>A notice of this type was already skipped for this reason in the last week.</summary>
        public bool SkippedThisWeek(string type, NoticeReason reason) => skips.Contains((type, reason));

        /// <summary>Learns a new decision, so the next candidates of the batch (or the next day of a forecast) see it.</summary>
        public void Record(MemberNotice notice)
        {
            same.Add(notice);
            if (notice.Status == NoticeStatus.Skipped)
                skips.Add((notice.Type, notice.Reason));
            else
                Counted.Add(new PastNotice(notice.Type, notice.SentAtUtc ?? notice.DueAtUtc));
        }
    }
}
