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
    IConfiguration configuration,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        // Instances started together on an empty or older server database would each apply the pending migrations (the
        // second failing on what the first had just added) and each find no settings, roles or Owner; the first to take
        // this lock migrates and seeds, the others then find it done. The lock has a connection of its own.
        await using var startup = await dbFactory.CreateDbContextAsync(ct);
        await LockStartupAsync(startup, ct);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
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
                db.MerchantSettings.Add(new MerchantSettings
                {
                    UpdatedAtUtc = clock.GetUtcNow().UtcDateTime, Language = Features.Onboarding.InstallLanguage.Choose(configuration),
                });
                await db.SaveChangesAsync(ct);
            }
            await ownerBootstrapper.EnsureRolesAndOwnerAsync(ct);
            // The first programme version exists before any ledger write: seeding it lazily inside a ledger
            // transaction would wait on that transaction's own write lock.
            await programmes.GetCurrentAsync(ct);
        }
        finally
        {
            await UnlockStartupAsync(startup);
        }
    }

    /// <summary>A session-level lock on a server database, held on this context's connection; SQLite has one instance.</summary>
    private static async Task LockStartupAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (db.Database.IsNpgsql())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({StartupLockKey})", ct);
        }
        else if (db.Database.IsSqlServer())
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("EXEC sp_getapplock @Resource = 'LoyaltyAdmin.Startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 120000", ct);
        }
    }

    private static async Task UnlockStartupAsync(LoyaltyDbContext db)
    {
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({StartupLockKey})");
        else if (db.Database.IsSqlServer())
            await db.Database.ExecuteSqlRawAsync("EXEC sp_releaseapplock @Resource = 'LoyaltyAdmin.Startup', @LockOwner = 'Session'");
        else
            return;
        await db.Database.CloseConnectionAsync();
    }

    private const long StartupLockKey = 7_361_554_201; // any constant; only this app takes it
}
