using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The change tracker's entries as they stand. <c>ChangeTracker.Entries</c> first compares every tracked entity with
/// its snapshot; code that looks for added rows or tracked members does not need that, and the ledger's write asked
/// several times per operation, on the one SQLite writer.
/// </summary>
public static class ChangeTrackerExtensions
{
    public static List<EntityEntry<T>> EntriesAsTracked<T>(this ChangeTracker tracker) where T : class
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return [.. tracker.Entries<T>()];
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
