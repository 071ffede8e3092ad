using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Audit;

/// <summary>An audit entry; <see cref="StoreName"/> is the store the user acted from (a StoreManager's, also for a visiting member).</summary>
public sealed record AuditRow(long Id, DateTime AtUtc, string UserName, string Action, string EntityType, string EntityId, string? Before, string? After,
    string? StoreName = null);

/// <summary>
/// The audit page's filters: free text (user, action or record id), one staff user, one member (their entries, the access
/// log's among them), and only the access log (<see cref="AccessLog"/>).
/// </summary>
public sealed record AuditQuery(string? Search, int Page, int PageSize, string? UserId = null, long? MemberId = null, bool AccessOnly = false);

public sealed record StaffOption(string UserId, string Name);

/// <summary>Reads the audit log for the Owner, newest first, paged on the server.</summary>
public sealed class AuditService(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<PagedResult<AuditRow>> GetPageAsync(StaffActor actor, AuditQuery query, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Audit.View);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            entries = entries.Where(a => a.UserName.StartsWith(term) || a.Action.StartsWith(term) || a.EntityId == term);
        }
        if (query.UserId is { } userId)
            entries = entries.Where(a => a.UserId == userId);
        if (query.MemberId is { } memberId)
        {
            var id = memberId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            entries = entries.Where(a => a.EntityType == nameof(Members.Member) && a.EntityId == id);
        }
        if (query.AccessOnly)
            entries = entries.Where(a => a.Action.StartsWith(AccessLog.Prefix));
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(a => a.Id).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.UserName, a.Action, a.EntityType, a.EntityId, a.Before, a.After,
                db.Stores.Where(s => s.Id == a.StoreId).Select(s => s.Code + " · " + s.Name).FirstOrDefault())).ToListAsync(ct);
        return new PagedResult<AuditRow>(rows, total);
    }

    /// <summary>Staff accounts, to filter the log by one of them.</summary>
    public async Task<IReadOnlyList<StaffOption>> StaffAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Audit.View);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => new StaffOption(u.Id, u.UserName ?? u.Id)).ToListAsync(ct);
    }

    /// <summary>The member a filter names: by phone number, or by member number; null when none.</summary>
    public async Task<long?> FindMemberAsync(StaffActor actor, string? text, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Audit.View);
        var term = text?.Trim().TrimStart('#') ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (Members.PhoneNumbers.Normalize(term) is { } phone)
            return await db.Members.AsNoTracking().Where(m => m.Phone == phone).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        return long.TryParse(term, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
            ? await db.Members.AsNoTracking().Where(m => m.Id == id).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct)
            : null;
    }
}
