using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Which members an actor may see and serve, decided on the server whatever a page sends (docs/members.md, "Stores").
/// Holders of <see cref="Identity.Permissions.Members.AllStores"/> and the system: every member. A StoreManager lists,
/// searches and exports their own store's members only, and serves a member of another store after finding them by
/// their full phone number, which opens a <see cref="MemberVisit"/> for the rest of the merchant day.
/// </summary>
public static class MemberScope
{
    /// <summary>The members the actor's lists, searches, counts and exports may include.</summary>
    public static IQueryable<Member> Listed(IQueryable<Member> members, StaffActor actor) =>
        actor.StoreScope is { } store ? members.Where(m => m.HomeStoreId == store) : members;

    /// <summary>The members the actor may open and serve <paramref name="today"/>: their store's, and today's visits.</summary>
    public static IQueryable<Member> Served(IQueryable<Member> members, LoyaltyDbContext db, StaffActor actor, DateOnly today)
    {
        if (actor.StoreScope is not { } store)
            return members;
        var userId = actor.UserId ?? "";
        return members.Where(m => m.HomeStoreId == store || db.MemberVisits.Any(v => v.MemberId == m.Id && v.UserId == userId && v.Day == today));
    }

    public static async Task<bool> MayServeAsync(LoyaltyDbContext db, StaffActor actor, long memberId, DateOnly today, CancellationToken ct) =>
        actor.StoreScope is null || await Served(db.Members.AsNoTracking(), db, actor, today).AnyAsync(m => m.Id == memberId, ct);

    /// <summary>
    /// Refuses a member the actor may not serve. The pages never offer one, so only a crafted request gets here: it is
    /// refused like a missing permission.
    /// </summary>
    public static async Task DemandAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, StaffActor actor, long memberId,
        CancellationToken ct)
    {
        if (actor.StoreScope is null)
            return;
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await MayServeAsync(db, actor, memberId, today, ct))
            throw new UnauthorizedAccessException($"'{actor.Name}' does not serve member {memberId}.");
    }

    /// <summary>
    /// Opens today's visit of a member of another store that the actor found by full phone (once a day; audited with the
    /// acting store). Does nothing for actors who see every store or for a member of their own store.
    /// </summary>
    public static async Task OpenVisitAsync(LoyaltyDbContext db, StaffActor actor, string phone, DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        if (actor.StoreScope is not (> 0 and var store) || actor.UserId is not { } userId)
            return;
        var member = await db.Members.AsNoTracking().Where(m => m.Phone == phone && m.HomeStoreId != store)
            .Select(m => new { m.Id, m.HomeStoreId }).SingleOrDefaultAsync(ct);
        if (member is null || await db.MemberVisits.AnyAsync(v => v.UserId == userId && v.MemberId == member.Id && v.Day == today, ct))
            return;
        db.MemberVisits.Add(new MemberVisit { MemberId = member.Id, StoreId = store, UserId = userId, Day = today, OpenedAtUtc = nowUtc });
        AuditLog.Record(db, actor, nowUtc, "member.visit", nameof(Member), member.Id, null, new { StoreId = store, member.HomeStoreId, Day = today });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same search a moment earlier opened it: the visit exists, which is all that was asked.
        }
    }
}
