using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// When a manual adjustment by someone who may not approve waits for the Owner. Limits hold per merchant day and count
/// points either way (+500 and −500 are 1,000 moved): an operator may move at most <see cref="PerMemberDay"/> points on
/// one member (<see cref="MembersOptions.ApprovalLimit"/>), so splitting an adjustment does not get round it, and at
/// most <see cref="OperatorDayTotal"/> on every member together (Settings → Merchant).
/// </summary>
public sealed record AdjustmentLimits(long PerMemberDay, long OperatorDayTotal, DateTime DayStartUtc, DateTime DayEndUtc)
{
    public static async Task<AdjustmentLimits> ForAsync(MerchantClock merchantClock, MembersOptions options, DateOnly today, CancellationToken ct)
    {
        var merchant = await merchantClock.GetAsync(ct);
        DateTime Start(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), merchant.TimeZone);
        return new AdjustmentLimits(options.ApprovalLimit, merchant.DailyAdjustmentTotal, Start(today), Start(today.AddDays(1)));
    }

    /// <summary>
    /// Why <paramref name="points"/> on <paramref name="memberId"/> must wait, or null. Runs in the adjustment's transaction
    /// with the member locked, so two adjustments sent at once on one member are counted one after the other; the operator's
    /// row is locked too on server databases, so their adjustments on different members are as well.
    /// </summary>
    public async Task<AdjustmentHold?> HoldAsync(LoyaltyDbContext db, StaffActor actor, long memberId, long points, CancellationToken ct)
    {
        var userId = actor.UserId ?? "";
        await LockOperatorAsync(db, userId, ct);
        var moved = await db.PointsEntries.AsNoTracking()
            .Where(e => e.OperatorId == userId && e.Kind == PointsEntryKind.Adjust && e.BatchId == null
                && e.OccurredAtUtc >= DayStartUtc && e.OccurredAtUtc < DayEndUtc)
            .Select(e => new { e.MemberId, e.Points }).ToListAsync(ct);
        var size = Math.Abs(points);
        if (moved.Where(e => e.MemberId == memberId).Sum(e => Math.Abs(e.Points)) + size > PerMemberDay)
            return AdjustmentHold.MemberDayLimit;
        if (moved.Sum(e => Math.Abs(e.Points)) + size > OperatorDayTotal)
            return AdjustmentHold.OperatorDayTotal;
        return null;
    }

    /// <summary>Puts the adjustment in the Owner's approvals inbox, with where it was asked for and why it waits; audited.</summary>
    public static async Task<AdjustResult> RequestApprovalAsync(LoyaltyDbContext db, StaffActor actor, DateTime nowUtc, long memberId, long points,
        AdjustmentReason reason, string? note, AdjustmentHold hold, CancellationToken ct)
    {
        var request = new AdjustmentRequest
        {
            MemberId = memberId, Points = points, Reason = reason, Note = note, RequestedById = actor.UserId ?? "", RequestedByName = actor.Name,
            RequestedAtUtc = nowUtc, RequestedStoreId = actor.StoreId, Hold = hold, Status = AdjustmentStatus.Pending,
        };
        db.AdjustmentRequests.Add(request);
        await db.SaveChangesAsync(ct);
        AuditLog.Record(db, actor, nowUtc, "adjustment.requested", nameof(AdjustmentRequest), request.Id, null,
            new { request.MemberId, points, reason, note, Hold = hold.ToString() });
        await db.SaveChangesAsync(ct);
        return new AdjustResult(AdjustOutcome.AwaitingApproval, SaveResult.Ok(), RequestId: request.Id, Hold: hold);
    }

    private static Task LockOperatorAsync(LoyaltyDbContext db, string userId, CancellationToken ct) => db switch
    {
        PostgreSqlLoyaltyDbContext => db.Database.ExecuteSqlAsync($"SELECT 1 FROM \"AspNetUsers\" WHERE \"Id\" = {userId} FOR UPDATE", ct),
        SqlServerLoyaltyDbContext => db.Database.ExecuteSqlAsync($"SELECT 1 FROM [AspNetUsers] WITH (UPDLOCK, ROWLOCK) WHERE [Id] = {userId}", ct),
        _ => Task.CompletedTask, // SQLite has one writer at a time
    };
}
