using System.Text.Json;
using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Audit;

/// <summary>Adds audit entries to the caller's context, so they commit (or not) with the change they describe.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static void Record(LoyaltyDbContext db, StaffActor actor, DateTime atUtc, string action, string entityType, object entityId, object? before, object? after) =>
        db.AuditLog.Add(new AuditEntry
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
        });
}
