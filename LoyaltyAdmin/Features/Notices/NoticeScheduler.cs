using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>
/// The daily run's notice step: finds what the merchant day calls for, decides each notice (consent, caps, quiet hours) and
/// records it as scheduled or skipped with its reason. The unique key (member, type, subject, day) and the checks below make
/// a second run of a day, here or on another instance, add nothing; the <see cref="NoticePublisher"/> sends them when due.
/// </summary>
public sealed class NoticeScheduler(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    NoticeCandidates candidates,
    NoticeSettingsStore settings,
    ILogger<NoticeScheduler> logger) : IDailyStep
{
    public async Task RunAsync(DateOnly day, CancellationToken ct)
    {
        var d = await settings.DayAsync(day, ct);
        var (scheduled, skipped) = (0, 0);
        long after = 0;
        while (true)
        {
            List<NoticeCandidate> found;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                if (await candidates.BatchAsync(db, d, after, ct) is not { } batch)
                    break;
                (found, after) = batch;
            }
            var (s, k) = await ScheduleAsync(d, found, ct);
            (scheduled, skipped) = (scheduled + s, skipped + k);
        }
        logger.LogInformation("Member notices for {Day}: {Scheduled} scheduled, {Skipped} skipped", day, scheduled, skipped);
    }

    private async Task<(int Scheduled, int Skipped)> ScheduleAsync(NoticeDay d, List<NoticeCandidate> found, CancellationToken ct)
    {
        if (found.Count == 0)
            return (0, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var history = await NoticeHistory.ForAsync(db, d, found, TimeSpan.Zero, ct);
        return await SaveAsync(db, Plan(d, found, history), ct);
    }

    /// <summary>
    /// Decides a day's candidates, one member at a time in order of importance, against the member's history (which learns
    /// each decision): scheduled, skipped with its reason, or nothing when the day or an earlier notice already covered it.
    /// </summary>
    internal static List<MemberNotice> Plan(NoticeDay d, IEnumerable<NoticeCandidate> found, NoticeHistory history)
    {
        var (due, held) = NoticePolicy.DueAt(d.NowUtc, d.Zone, d.Settings.QuietFrom, d.Settings.QuietUntil);
        var rows = new List<MemberNotice>();
        foreach (var member in found.GroupBy(c => c.Member.Id))
        {
            var mine = history.Of(member.Key);
            var marketingTaken = new HashSet<string>();
            foreach (var c in member.OrderBy(c => NoticePolicy.Priority(c.Type)).ThenBy(DaysLeft))
            {
                if (mine.HasDecided(c.Type, c.Subject, d.Day) || mine.WasNotified(c.Type, c.Subject))
                    continue;
                // Of the rewards (and next tiers) in reach, a member hears of one at a time.
                if (NoticePolicy.IsMarketing(c.Type) && !marketingTaken.Add(c.Type))
                    continue;
                var reason = NoticePolicy.Decide(c.Type, c.Member.MarketingConsent, due, mine.Counted, d.Settings);
                // A skip is recorded once a week per type and reason, not every day it recurs.
                if (reason != NoticeReason.None && mine.SkippedThisWeek(c.Type, reason))
                    continue;
                var row = reason == NoticeReason.None
                    ? NewNotice(d, c, NoticeStatus.Scheduled, held ? NoticeReason.QuietHours : NoticeReason.None, due)
                    : NewNotice(d, c, NoticeStatus.Skipped, reason, due);
                mine.Record(row);
                rows.Add(row);
            }
        }
        return rows;
    }

    private static int DaysLeft(NoticeCandidate c) => c.Data switch
    {
        PointsExpiringData p => p.DaysLeft,
        CouponExpiringData k => k.DaysLeft,
        _ => 0,
    };

    private static MemberNotice NewNotice(NoticeDay d, NoticeCandidate c, NoticeStatus status, NoticeReason reason, DateTime due) => new()
    {
        MemberId = c.Member.Id, Type = c.Type, Subject = c.Subject, Day = d.Day, CreatedAtUtc = d.NowUtc, DueAtUtc = due, Status = status, Reason = reason,
        Language = c.Member.Language, Text = NoticeMessages.Render(c.Data, c.Member.Language, d.CurrencySymbol), Data = c.Data.ToJson(),
    };

    /// <summary>
    /// Saves the batch; if another instance computing the same day saved some of these first (the unique key refuses them),
    /// each member's notices are saved on their own and those it already wrote are left to it.
    /// </summary>
    private async Task<(int, int)> SaveAsync(LoyaltyDbContext db, List<MemberNotice> rows, CancellationToken ct)
    {
        db.MemberNotices.AddRange(rows.Select(r => r.Copy()));
        try
        {
            await db.SaveChangesAsync(ct);
            return Count(rows);
        }
        catch (DbUpdateException ex)
        {
            logger.LogDebug(ex, "Some notices were written by another run of the day; saving member by member");
        }
        var saved = new List<MemberNotice>();
        foreach (var member in rows.GroupBy(r => r.MemberId))
        {
            await using var one = await dbFactory.CreateDbContextAsync(ct);
            one.MemberNotices.AddRange(member.Select(r => r.Copy()));
            try
            {
                await one.SaveChangesAsync(ct);
                saved.AddRange(member);
            }
            catch (DbUpdateException)
            {
                // Already there: the other run decided this member's notices.
            }
        }
        return Count(saved);
    }

    private static (int, int) Count(List<MemberNotice> rows) =>
        (rows.Count(r => r.Status == NoticeStatus.Scheduled), rows.Count(r => r.Status == NoticeStatus.Skipped));
}
