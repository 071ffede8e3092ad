using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>
/// Runs an automation for the merchant day: the segment's members who agreed to marketing (<see cref="MemberConsent.Consenting"/>)
/// and were not picked in the last N days, split by <see cref="ControlGroup"/>. A treated member's pack, points and
/// <see cref="AutomationGrant"/> commit in one ledger operation keyed by (automation, member, day), so it never gives twice;
/// control members get a grant row and nothing else. One instance at a time runs an automation (a <see cref="JobLease"/>).
/// </summary>
public sealed class AutomationRunner(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    CouponIssuer issuer,
    SegmentService segments,
    JobLeaseStore leases,
    MerchantClock merchantClock,
    ILogger<AutomationRunner> logger)
{
    public static string EventId(long automationId, DateOnly period, long memberId) =>
        string.Create(CultureInfo.InvariantCulture, $"automation:{automationId}:{period:yyyyMMdd}:{memberId}");

    public static string CouponReference(long automationId, DateOnly period) =>
        string.Create(CultureInfo.InvariantCulture, $"automation:{automationId}:{period:yyyyMMdd}");

    /// <summary>The members a run would pick today, before the control split and the budget.</summary>
    public async Task<List<long>> AudienceAsync(Automation automation, DateOnly today, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Segments.AsNoTracking().Where(s => s.Id == automation.SegmentId).Select(s => s.Definition).SingleOrDefaultAsync(ct);
        if (json is null)
            return [];
        var id = automation.Id;
        var recent = today.AddDays(-Math.Max(1, automation.OncePerDays) + 1);
        return await segments.MemberIdsAsync(StaffActor.System("automation"), SegmentDefinition.FromJson(json),
            (context, members) => MemberConsent.Consenting(members)
                .Where(m => !context.AutomationGrants.Any(g => g.AutomationId == id && g.MemberId == m.Id && g.Period >= recent && g.Period != today)), ct);
    }

    /// <summary>
    /// Runs <paramref name="automationId"/> for today. <paramref name="dueAtUtc"/>, for a scheduled run: skipped when a run
    /// at or after it already happened (another instance took it).
    /// </summary>
    public async Task<AutomationRunResult> RunAsync(StaffActor actor, long automationId, DateTime? dueAtUtc = null, CancellationToken ct = default)
    {
        var lease = $"automation:{automationId}";
        var holder = Guid.NewGuid().ToString("N");
        if (!await leases.TryAcquireAsync(lease, holder, TimeSpan.FromHours(1), ct))
            return new AutomationRunResult(AutomationRunStatus.Busy);
        try
        {
            return await RunHoldingLeaseAsync(actor, automationId, dueAtUtc, ct);
        }
        finally
        {
            await leases.ReleaseAsync(lease, holder, CancellationToken.None);
        }
    }

    private async Task<AutomationRunResult> RunHoldingLeaseAsync(StaffActor actor, long automationId, DateTime? dueAtUtc, CancellationToken ct)
    {
        Automation? automation;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            automation = await db.Automations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == automationId, ct);
        if (automation is null || automation.Status != AutomationStatus.Active)
            return new AutomationRunResult(AutomationRunStatus.NotActive);
        if (dueAtUtc is { } due && automation.LastRunAtUtc >= due)
            return new AutomationRunResult(AutomationRunStatus.AlreadyRan);
        var today = await merchantClock.TodayAsync(ct);
        if (automation.StartsOn > today || automation.EndsOn < today)
            return new AutomationRunResult(AutomationRunStatus.OutsideDates);

        var audience = await AudienceAsync(automation, today, ct);
        HashSet<long> picked;
        int givenTotal, givenToday;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            picked = [.. await db.AutomationGrants.Where(g => g.AutomationId == automationId && g.Period == today).Select(g => g.MemberId).ToListAsync(ct)];
            givenTotal = await db.AutomationGrants.CountAsync(g => g.AutomationId == automationId && !g.IsControl, ct);
            givenToday = await db.AutomationGrants.CountAsync(g => g.AutomationId == automationId && !g.IsControl && g.Period == today, ct);
        }
        var room = Math.Min(automation.BudgetTotal is { } total ? total - givenTotal : int.MaxValue,
            automation.BudgetPerDay is { } perDay ? perDay - givenToday : int.MaxValue);

        int treated = 0, skipped = 0, already = 0;
        var control = new List<long>();
        var budgetReached = false;
        foreach (var memberId in audience)
        {
            if (picked.Contains(memberId))
            {
                already++;
                continue;
            }
            if (ControlGroup.IsControl(automation.Id, memberId, automation.ControlPercent))
            {
                control.Add(memberId);
                continue;
            }
            if (treated >= room)
            {
                // Stop the split with the budget, so the control group stays comparable with who was treated.
                budgetReached = true;
                control.RemoveAll(id => id > memberId);
                break;
            }
            var given = await GiveAsync(automation, memberId, today, ct);
            _ = given switch { true => treated++, false => skipped++, null => already++ };
        }
        await RecordControlAsync(automation.Id, control, today, ct);

        var result = new AutomationRunResult(AutomationRunStatus.Done, treated, control.Count, skipped, already, budgetReached);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var now = merchantClock.UtcNow.UtcDateTime;
            await db.Automations.Where(a => a.Id == automationId).ExecuteUpdateAsync(u => u.SetProperty(a => a.LastRunAtUtc, now), ct);
            AuditLog.Record(db, actor, now, "automation.run", nameof(Automation), automationId, null,
                new { Period = today, Audience = audience.Count, result.Treated, result.Control, result.Skipped, result.AlreadyPicked, result.BudgetReached });
            await db.SaveChangesAsync(ct);
        }
        return result;
    }

    /// <summary>True: given; false: refused (a pack out of stock, the member no longer active); null: given before for this period.</summary>
    private async Task<bool?> GiveAsync(Automation automation, long memberId, DateOnly period, CancellationToken ct)
    {
        var refused = false;
        var result = await ledger.ApplyCampaignAsync(memberId, EventId(automation.Id, period, memberId), async (operation, token) =>
        {
            var coupons = 0;
            if (automation.PackId is { } packId)
            {
                var issued = await issuer.IssuePackAsync(operation.Scope, memberId, packId, CouponSource.Automation, CouponReference(automation.Id, period), operation.NowUtc, token);
                if (!issued.Succeeded)
                {
                    refused = true;
                    operation.Scope.Refuse();
                    return null;
                }
                coupons = issued.Coupons.Count;
            }
            if (automation.Points > 0)
                await operation.CreditCampaignPointsAsync(automation.Points, $"automation:{automation.Id}", LedgerExplanation.Text("Ledger.Automation", automation.Name));
            operation.Db.AutomationGrants.Add(new AutomationGrant
            {
                AutomationId = automation.Id, MemberId = memberId, Period = period, GrantedAtUtc = operation.NowUtc, Points = automation.Points, Coupons = coupons,
            });
            return null;
        }, ct);
        if (refused || !result.Succeeded)
        {
            logger.LogInformation("Automation {Automation} skipped member {Member}: {Error}", automation.Id, memberId, refused ? "pack refused" : result.Error);
            return false;
        }
        return result.Duplicate ? null : true;
    }

    private async Task RecordControlAsync(long automationId, List<long> control, DateOnly period, CancellationToken ct)
    {
        // Control rows give nothing, so they are not a ledger write; the unique key keeps them once per period.
        var now = merchantClock.UtcNow.UtcDateTime;
        foreach (var chunk in control.Chunk(500))
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.AutomationGrants.AddRange(chunk.Select(id => new AutomationGrant
            {
                AutomationId = automationId, MemberId = id, Period = period, IsControl = true, GrantedAtUtc = now,
            }));
            await db.SaveChangesAsync(ct);
        }
    }
}
