using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Audit;

/// <summary>An audit entry; <see cref="StoreName"/> is the store the user acted from (a StoreManager's, also for a visiting member).</summary>
public sealed record AuditRow(long Id, DateTime AtUtc, string UserName, string Action, string EntityType, string EntityId, string? Before, string? After,
    string? StoreName = null);

public sealed record AuditQuery(string? Search, int Page, int PageSize);

/// <summary>Reads the audit log for the Owner, newest first, paged on the server.</summary>
public sealed class AuditService(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<PagedResult<AuditRow>> GetPageAsync(StaffActor actor, AuditQuery query, CancellationToken ct = default)
    {
        if (!actor.Can(Permissions.Audit.View))
            throw new UnauthorizedAccessException($"'{actor.Name}' does not hold {Permissions.Audit.View}.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.AuditLog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            entries = entries.Where(a => a.UserName.StartsWith(term) || a.Action.StartsWith(term) || a.EntityId == term);
        }
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(a => a.Id).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.UserName, a.Action, a.EntityType, a.EntityId, a.Before, a.After,
                db.Stores.Where(s => s.Id == a.StoreId).Select(s => s.Code + " · " + s.Name).FirstOrDefault())).ToListAsync(ct);
        return new PagedResult<AuditRow>(rows, total);
    }
}
