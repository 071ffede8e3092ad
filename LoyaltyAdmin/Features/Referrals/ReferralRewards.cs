using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>
/// The inviting member's side of a referral. What he is owed is a <see cref="ReferralRewardTask"/> written in the friend's
/// transaction; it is applied in his own ledger operation right after that commits, with his row locked, so the cap and
/// the milestone count the friends already rewarded exactly. The ledger's idempotency key is the task's key: applied
/// twice (after-commit and catch-up racing, a retry), it rewards once. <see cref="CatchUpAsync"/> applies what a crash
/// between the two transactions left pending.
/// </summary>
public sealed class ReferralRewards(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    IServiceProvider services,
    CouponIssuer coupons,
    TimeProvider clock,
    ILogger<ReferralRewards> logger)
{
    // Resolved on first use: the ledger's reactions include this feature's, which need this service.
    private PointsLedgerService Ledger => field ??= services.GetRequiredService<PointsLedgerService>();

    public static string Reference(long campaignId) => $"referral:{campaignId}";

    /// <summary>Records in the friend's operation what the inviting member is owed, and applies it once that commits.</summary>
    public void Owe(LedgerOperation operation, Referral referral, string stage)
    {
        var key = $"referral:{referral.CampaignId?.ToString(CultureInfo.InvariantCulture) ?? "none"}:{referral.RefereeId}:{stage}";
        operation.Db.ReferralRewardTasks.Add(new ReferralRewardTask
        {
            Referral = referral, ReferrerId = referral.ReferrerId, Key = key, CreatedAtUtc = operation.NowUtc,
        });
        operation.AfterCommit(ct => ApplyAsync(key, ct));
    }

    /// <summary>Applies every reward still pending, oldest first. Safe to run at any time and on several instances.</summary>
    public async Task<int> CatchUpAsync(CancellationToken ct = default)
    {
        List<string> keys;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            keys = await db.ReferralRewardTasks.AsNoTracking().Where(t => t.DoneAtUtc == null).OrderBy(t => t.Id).Select(t => t.Key).Take(10_000).ToListAsync(ct);
        var applied = 0;
        foreach (var key in keys)
        {
            if (await ApplyAsync(key, ct))
                applied++;
        }
        if (keys.Count > 0)
            logger.LogInformation("Referral rewards catch-up: {Applied} of {Pending} pending applied", applied, keys.Count);
        return applied;
    }

    /// <summary>Never throws: the friend's operation has committed, and whatever failed here stays pending for the catch-up.</summary>
    private async Task<bool> ApplyAsync(string key, CancellationToken ct)
    {
        try
        {
            long referrerId;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var task = await db.ReferralRewardTasks.AsNoTracking().Where(t => t.Key == key)
                    .Select(t => new { t.ReferrerId, t.DoneAtUtc }).SingleOrDefaultAsync(ct);
                if (task is null || task.DoneAtUtc is not null)
                    return false;
                referrerId = task.ReferrerId;
            }
            var result = await Ledger.ApplyCampaignAsync(referrerId, key, (operation, token) => DecideAsync(operation, key, token), ct);
            if (!result.Succeeded)
                logger.LogWarning("Referral reward {Key} for member {Member} left pending: {Error}", key, referrerId, result.Error);
            return result.Succeeded && !result.Duplicate;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Referral reward {Key} failed; the catch-up retries it", key);
            return false;
        }
    }

    /// <summary>
    /// Under the inviting member's lock: cap, reward, milestone, and the referral activity for the programme's rules. With a
    /// reward at both stages, the first one applied qualifies the friend (cap, milestone, the programme's referral rule); the
    /// other only gives the reward again.
    /// </summary>
    private async Task<Activity?> DecideAsync(LedgerOperation operation, string key, CancellationToken ct)
    {
        var db = operation.Db;
        var task = await db.ReferralRewardTasks.Include(t => t.Referral).SingleAsync(t => t.Key == key, ct);
        if (task.DoneAtUtc is not null)
            return null;
        task.DoneAtUtc = operation.NowUtc;
        var referral = task.Referral!;
        if (referral.Status == ReferralStatus.Rejected)
            return null;
        var first = referral.Status == ReferralStatus.Registered;
        var friend = await db.Members.AsNoTracking().Where(m => m.Id == referral.RefereeId).Select(m => new { m.Phone, m.JoinChannel }).SingleAsync(ct);
        if (referral.CampaignId is { } campaignId)
        {
            var campaign = await db.ReferralCampaigns.AsNoTracking().SingleAsync(c => c.Id == campaignId, ct);
            var rewarded = await db.Referrals.CountAsync(r => r.ReferrerId == referral.ReferrerId && r.CampaignId == campaignId && r.Status == ReferralStatus.Qualified, ct);
            if (first && campaign.CapPerReferrer is { } cap && rewarded >= cap)
            {
                referral.Status = ReferralStatus.Rejected;
                referral.RejectedReason = ReferralRejection.CapReached;
                return null;
            }
            var friendText = PhoneNumbers.Mask(friend.Phone);
            if (campaign.ReferrerPoints > 0)
                await operation.CreditCampaignPointsAsync(campaign.ReferrerPoints, Reference(campaignId), LedgerExplanation.Text("Ledger.Referrer", campaign.Name, friendText));
            if (campaign.ReferrerPackId is { } pack)
                await IssueAsync(operation, pack, key, ct);
            if (first && campaign.MilestoneCount == rewarded + 1)
            {
                if (campaign.MilestonePoints > 0)
                    await operation.CreditCampaignPointsAsync(campaign.MilestonePoints, Reference(campaignId), LedgerExplanation.Text("Ledger.Milestone", campaign.Name, rewarded + 1));
                if (campaign.MilestonePackId is { } milestonePack)
                    await IssueAsync(operation, milestonePack, $"referral:{campaignId}:milestone", ct);
                referral.MilestoneRewarded = true;
            }
        }
        await operation.Scope.PublishAsync(BusinessEvents.ReferralRewarded, operation.Member.Id, new
        {
            role = "referrer", campaignId = referral.CampaignId, friendMemberId = referral.RefereeId, milestone = first && referral.MilestoneRewarded,
            stage = key.EndsWith(":first-order", StringComparison.Ordinal) ? "first_order" : "registration",
        }, operation.NowUtc);
        if (!first)
            return null;
        referral.Status = ReferralStatus.Qualified;
        referral.QualifiedAtUtc = operation.NowUtc;
        return new Activity
        {
            Type = ActivityType.Referral, OccurredAt = new DateTimeOffset(clock.GetUtcNow().UtcDateTime, TimeSpan.Zero), Channel = friend.JoinChannel,
            Reference = referral.RefereeId.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>A pack out of stock (or withdrawn) is not a reason to withhold the rest of the reward; it is logged.</summary>
    private async Task IssueAsync(LedgerOperation operation, long packId, string reference, CancellationToken ct)
    {
        var issued = await coupons.IssuePackAsync(operation.Scope, operation.Member.Id, packId, CouponSource.Referral, reference, operation.NowUtc, ct);
        if (!issued.Succeeded && issued.Status != CouponIssueStatus.AlreadyIssued)
            logger.LogWarning("Referral pack {Pack} for member {Member} not issued: {Status}", packId, operation.Member.Id, issued.Status);
    }
}

/// <summary>Applies pending referral rewards on start and every few minutes (what a crash or a stopped instance left).</summary>
public sealed class ReferralRewardsHostedService(ReferralRewards rewards, ILogger<ReferralRewardsHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
        do
        {
            try
            {
                await rewards.CatchUpAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Referral rewards catch-up failed; it runs again in a few minutes");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
