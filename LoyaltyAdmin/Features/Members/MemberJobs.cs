using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// The daily member jobs: confirm purchases whose return window ended, expire points, birthday awards,
/// tier validity (keep or downgrade). Each day runs once, in the merchant's time zone; days missed while
/// the app was down are caught up in order; every step is safe to run twice.
/// </summary>
public sealed class MemberJobs(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    Programme.ProgrammeStore programmes,
    JobLeaseStore leases,
    MerchantClock merchantClock,
    IEnumerable<IDailyStep> steps,
    ILogger<MemberJobs> logger)
{
    public const string LeaseName = "members.daily";
    private const int MaxCatchUpDays = 400;

    /// <summary>Runs every merchant day not yet completed, up to today, if this instance gets the lease.</summary>
    public async Task<int> RunDueAsync(string holder, CancellationToken ct = default)
    {
        if (!await leases.TryAcquireAsync(LeaseName, holder, TimeSpan.FromMinutes(30), ct))
            return 0;
        try
        {
            var today = await merchantClock.TodayAsync(ct);
            var last = await leases.LastCompletedDayAsync(LeaseName, ct) ?? today.AddDays(-1);
            var from = last.AddDays(1) < today.AddDays(-MaxCatchUpDays) ? today.AddDays(-MaxCatchUpDays) : last.AddDays(1);
            var days = 0;
            for (var day = from; day <= today; day = day.AddDays(1))
            {
                await RunDayAsync(day, ct);
                await leases.CompleteDayAsync(LeaseName, holder, day, ct);
                // Renew while catching up so a long run keeps its lease.
                await leases.TryAcquireAsync(LeaseName, holder, TimeSpan.FromMinutes(30), ct);
                days++;
            }
            return days;
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None);
        }
    }

    /// <summary>Everything due on one merchant day. Idempotent: a second run finds nothing left to do.</summary>
    public async Task RunDayAsync(DateOnly day, CancellationToken ct = default)
    {
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        List<(long MemberId, string OrderId)> pending;
        List<long> expiring, lapsing;
        var birthdays = new List<(long MemberId, DateTimeOffset At)>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pending = (await db.MemberOrders.AsNoTracking().Where(o => o.PendingUntil != null && o.PendingUntil <= day)
                .Select(o => new { o.MemberId, o.OrderId }).ToListAsync(ct)).Select(o => (o.MemberId, o.OrderId)).ToList();
            expiring = await db.PointLots.AsNoTracking().Where(l => l.Remaining > 0 && l.ExpiresOn < day).Select(l => l.MemberId).Distinct().ToListAsync(ct);
            lapsing = await db.Members.AsNoTracking().Where(m => m.TierValidUntil < day || m.TierOverrideUntil < day).Select(m => m.Id).ToListAsync(ct);
            // On the first of a month, the month before too: a member who joined on its last day, after that day's run.
            foreach (var birthdayDay in day.Day == 1 ? [day.AddDays(-1), day] : new[] { day })
            {
                var programme = await programmes.GetInForceAtAsync(new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(birthdayDay.ToDateTime(new TimeOnly(12, 0)), zone)), ct);
                birthdays.AddRange(await BirthdayAwards.DueAsync(db, programme.Programme, birthdayDay, zone, ct));
            }
        }
        foreach (var (memberId, orderId) in pending)
            await ledger.ConfirmOrderAsync(memberId, orderId, day, ct);
        foreach (var memberId in expiring)
            await ledger.ExpireAsync(memberId, day, ct);
        foreach (var memberId in lapsing)
            await ledger.EvaluateTierValidityAsync(memberId, day, ct);
        foreach (var (memberId, at) in birthdays)
        {
            await ledger.ApplyActivityAsync(memberId, BirthdayAwards.EventId(memberId, RulesEngine.LocalDate(at, zone)),
                new Activity { Type = ActivityType.Birthday, OccurredAt = at }, ct);
        }
        foreach (var step in steps)
            await step.RunAsync(day, ct);
        logger.LogInformation("Member jobs for {Day}: {Confirmed} confirmed, {Expired} expired, {Tiers} tier reviews, {Birthdays} birthdays",
            day, pending.Count, expiring.Count, lapsing.Count, birthdays.Count);
    }
}

/// <summary>Wakes every few minutes and runs the member jobs that are due; the database lease decides which instance.</summary>
public sealed class MemberJobsHostedService(IServiceProvider services, ILogger<MemberJobsHostedService> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var jobs = services.GetRequiredService<MemberJobs>();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        do
        {
            try
            {
                await jobs.RunDueAsync(holder, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Member jobs failed; they resume from the last completed day on the next run.");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
