using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>
/// Sends the notices whose time has come: each one, in one write of the <see cref="WritePipeline"/>, is checked again (still
/// true, consent, caps, quiet hours now), refreshed with today's figures and appended to the outbox as its <c>notice.*</c>
/// event, or recorded as skipped or held. The member's row lock and the notice's version let one publisher win when two
/// instances reach the same notice.
/// </summary>
public sealed class NoticePublisher(
    WritePipeline pipeline,
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    NoticeCandidates candidates,
    NoticeSettingsStore settings,
    TimeProvider clock)
{
    private const int PageSize = 200;
    private const int Parallelism = 8;

    private sealed record Due(long Id, long MemberId);

    /// <summary>Publishes every scheduled notice due by now; answers how many went out.</summary>
    public async Task<int> PublishDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (sent, after) = (0, 0L);
        while (true)
        {
            List<Due> due;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                due = await db.MemberNotices.AsNoTracking().Where(n => n.Status == NoticeStatus.Scheduled && n.DueAtUtc <= now && n.Id > after)
                    .OrderBy(n => n.Id).Select(n => new Due(n.Id, n.MemberId)).Take(PageSize).ToListAsync(ct);
            }
            if (due.Count == 0)
                return sent;
            var d = await settings.DayAsync(ct: ct);
            // Members side by side (the SQLite writer commits their writes in groups), each member's notices in order, so the caps see them.
            await Parallel.ForEachAsync(due.GroupBy(n => n.MemberId), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct },
                async (member, token) =>
                {
                    foreach (var notice in member)
                    {
                        if (await PublishAsync(notice.Id, d, token))
                            Interlocked.Increment(ref sent);
                    }
                });
            after = due[^1].Id;
        }
    }

    private Task<bool> PublishAsync(long id, NoticeDay day, CancellationToken ct) => pipeline.RunAsync(async scope =>
    {
        var memberId = await scope.Db.MemberNotices.Where(n => n.Id == id).Select(n => n.MemberId).SingleAsync(ct);
        // Notices of one member go out one at a time, so the caps count what the others sent.
        await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
        var notice = await scope.Db.MemberNotices.SingleAsync(n => n.Id == id, ct);
        if (notice.Status != NoticeStatus.Scheduled)
            return false;
        var d = day with { Day = DateOnly.FromDateTime(MerchantClock.ToLocal(scope.NowUtc, day.Zone)), NowUtc = scope.NowUtc };
        var s = d.Settings;
        // Claimed at once: a second publisher's claim fails on the version, and a write decided ahead of the SQLite writer
        // (which cannot replay a notice row) stops here, before its reads, and runs in the writer.
        notice.Version++;
        await scope.SaveAsync(ct);
        var (due, held) = NoticePolicy.DueAt(d.NowUtc, d.Zone, s.QuietFrom, s.QuietUntil);
        if (held)
        {
            (notice.DueAtUtc, notice.Reason) = (due, NoticeReason.QuietHours);
            return false;
        }
        if (await candidates.RefreshAsync(scope.Db, d, memberId, notice.Type, notice.Subject, ct) is not { } fresh)
            return Skip(notice, NoticeReason.NoLongerApplies);
        var since = d.NowUtc - TimeSpan.FromDays(Math.Max(s.TypeIntervalDays, 7));
        var sent = await scope.Db.MemberNotices.AsNoTracking()
            .Where(n => n.MemberId == memberId && n.Id != id && n.Status == NoticeStatus.Sent && n.SentAtUtc > since)
            .Select(n => new PastNotice(n.Type, n.SentAtUtc!.Value)).ToListAsync(ct);
        if (NoticePolicy.Decide(notice.Type, fresh.Member.MarketingConsent, d.NowUtc, sent, s) is var reason && reason != NoticeReason.None)
            return Skip(notice, reason);

        var text = NoticeMessages.Render(fresh.Data, fresh.Member.Language, d.CurrencySymbol);
        // Its business time is when it was due (after the quiet hours); the recorded time is now.
        var outboxEvent = BusinessEvents.Create(notice.Type, memberId, fresh.Data.ToPayload(notice.Id, fresh.Member.Language, text), notice.DueAtUtc, scope.NowUtc);
        await scope.Rows.InsertAsync(outboxEvent);
        if (outboxEvent.Sequence == 0)
            await scope.SaveAsync(ct); // server databases number the event when it is saved
        (notice.Status, notice.SentAtUtc, notice.OutboxSequence) = (NoticeStatus.Sent, scope.NowUtc, outboxEvent.Sequence);
        (notice.Language, notice.Text, notice.Data) = (fresh.Member.Language, text, fresh.Data.ToJson());
        return true;
    }, ct);

    private static bool Skip(MemberNotice notice, NoticeReason reason)
    {
        (notice.Status, notice.Reason) = (NoticeStatus.Skipped, reason);
        return false;
    }
}

/// <summary>Publishes due notices every minute; a short lease keeps the instances from doing the same work side by side.</summary>
public sealed class NoticePublisherHostedService(IServiceProvider services, ILogger<NoticePublisherHostedService> logger) : BackgroundService
{
    public const string LeaseName = "notices.publish";
    private readonly string holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var publisher = services.GetRequiredService<NoticePublisher>();
        var leases = services.GetRequiredService<JobLeaseStore>();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        do
        {
            try
            {
                if (await leases.TryAcquireAsync(LeaseName, holder, TimeSpan.FromMinutes(5), stoppingToken))
                {
                    try
                    {
                        await publisher.PublishDueAsync(stoppingToken);
                    }
                    finally
                    {
                        await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Publishing member notices failed; the next minute tries again.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
