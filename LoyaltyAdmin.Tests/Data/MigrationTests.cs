using LoyaltyAdmin.Data;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task SqliteMigrations_ApplyToAnEmptyFile()
    {
        using var database = new TempDatabase();
        await using var db = database.CreateContext();

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Stores.CountAsync());
        Assert.Equal(0, await db.DataProtectionKeys.CountAsync());
    }

    [Fact]
    public async Task UpgradingAnInstall_KeepsEachRequestsBodyHash_AndStampsOldRowsRecordedWhenTheyHappened()
    {
        using var database = new TempDatabase();
        await using var db = database.CreateContext();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();
        await migrator.MigrateAsync(db.Database.GetMigrations().First());
        // An event and a tier change as the first version wrote them: the hash inside the stored result, one time only.
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO Members (Phone, Name, JoinedAtUtc, JoinChannel, ReferralCode, Status, TierCode, TierSince, PointsBalance, PendingPoints, GrowthValue,
                LifetimeSpend, ActiveDays, SuccessfulReferrals, StreakLength, Version)
            VALUES ('13800000001', 'Old', '2026-01-01 00:00:00', 'Store', 'OLD00001', 'Active', 'regular', '2026-01-01', 0, 0, 0, '0.0', 0, 0, 0, 0);
            INSERT INTO ProcessedEvents (EventId, MemberId, Type, Points, Growth, BalanceAfter, TierAfter, ResultJson, ProcessedAtUtc)
            VALUES ('api:1:e:old', 1, 'Purchase', 5, 0, 5, 'regular', '{{"Rules":[],"Explanation":"","TierChanged":false,"Available":5,"RequestHash":"abc123"}}', '2026-01-02 00:00:00');
            INSERT INTO TierHistory (MemberId, ToTier, Change, Reason, OccurredAtUtc) VALUES (1, 'regular', 'Initial', 'joined', '2026-01-01 00:00:00');
            """);

        await db.Database.MigrateAsync();

        Assert.Equal("abc123", (await db.ProcessedEvents.SingleAsync()).BodyHash);
        var tier = await db.TierHistory.SingleAsync();
        Assert.Equal(tier.OccurredAtUtc, tier.RecordedAtUtc);
    }

    [Fact]
    public void SqliteModel_HasNoChangesMissingAMigration()
    {
        using var database = new TempDatabase();
        using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges(), "Run the Sqlite migration for the latest model change.");
    }

    [Fact]
    public void SqlServerModel_HasNoChangesMissingAMigration()
    {
        using var db = SqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(), "Run the SqlServer migration for the latest model change.");
    }

    [Fact]
    public void PostgreSqlModel_HasNoChangesMissingAMigration()
    {
        using var db = PostgreSqlContext();

        Assert.False(db.Database.HasPendingModelChanges(), "Run the PostgreSql migration for the latest model change.");
    }

    [Fact]
    public void PostgreSqlMigrations_QuoteIndexFiltersAndStoreTimestampsWithTimeZone()
    {
        using var db = PostgreSqlContext();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE \"DataProtectionKeys\"", script);
        Assert.Contains("WHERE \"Remaining\" > 0", script);
        Assert.DoesNotContain("WHERE Remaining", script); // PostgreSQL would look for a column named remaining
        Assert.Contains("\"JoinedAtUtc\" timestamp with time zone", script);
        Assert.Contains("\"LifetimeSpend\" numeric(18,2)", script);
        Assert.DoesNotContain("AUTOINCREMENT", script);
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrations()
    {
        using var database = new TempDatabase();
        using var sqlite = database.CreateContext();
        using var sqlServer = SqlServerContext();

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_') + 1)..]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void SqlServerMigrations_ProduceAValidIdempotentScript()
    {
        using var db = SqlServerContext();
        var migrator = db.GetInfrastructure().GetRequiredService<IMigrator>();

        var script = migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.StartsWith("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script);
        Assert.Contains("IF NOT EXISTS (", script);
        Assert.Contains("CREATE TABLE [Stores]", script);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script);
        Assert.DoesNotContain("AUTOINCREMENT", script); // nothing SQLite-specific leaked into the SQL Server history
        foreach (var migration in db.Database.GetMigrations())
            Assert.Contains($"N'{migration}'", script);
    }

    private static PostgreSqlLoyaltyDbContext PostgreSqlContext() =>
        new(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql("Host=localhost;Database=loyaltyadmin").Options);

    private static SqlServerLoyaltyDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerLoyaltyDbContext>()
            .UseSqlServer("Server=localhost;Database=LoyaltyAdmin;Trusted_Connection=True;TrustServerCertificate=True").Options);
}
