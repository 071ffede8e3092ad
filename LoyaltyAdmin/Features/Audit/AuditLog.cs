using System.Text.Json;
using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Audit;

/// <summary>Adds audit entries to the caller's context, so they commit (or not) with the change they describe.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Record(LoyaltyDbContext db, StaffActor actor, DateTime atUtc, string action, string entityType, object entityId, object? before, object? after) =>
        db.AuditLog.Add(Entry(actor, atUtc, action, entityType, entityId, before, after));

    /// <summary>An audit entry written as one of the write's explicit rows (so a write the pipeline decides ahead can carry it).</summary>
    public static Task RecordAsync(WriteScope scope, StaffActor actor, string action, string entityType, object entityId, object? before, object? after) =>
        scope.Rows.InsertAsync(Entry(actor, scope.NowUtc, action, entityType, entityId, before, after));

    private static AuditEntry Entry(StaffActor actor, DateTime atUtc, string action, string entityType, object entityId, object? before, object? after) =>
        new()
        {
            AtUtc = atUtc,
            UserId = actor.UserId,
            UserName = actor.Name,
            StoreId = actor.StoreId,
            Action = action,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture) ?? "",
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
}
