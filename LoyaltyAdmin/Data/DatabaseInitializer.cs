using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>Brings the database to the current schema and the minimum a console needs to be usable.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    OwnerBootstrapper ownerBootstrapper,
    ProgrammeStore programmes,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
                await db.Database.MigrateAsync(ct);
            }

            if (db.Database.IsSqlite())
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct); // readers never wait for the writer

            if (!await db.MerchantSettings.AnyAsync(ct))
            {
                db.MerchantSettings.Add(new MerchantSettings { UpdatedAtUtc = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }
        }

        // The first programme version exists before any ledger write: seeding it lazily inside a ledger
        // transaction would wait on that transaction's own write lock.
        await programmes.GetCurrentAsync(ct);
        await ownerBootstrapper.EnsureRolesAndOwnerAsync(ct);
    }
}
