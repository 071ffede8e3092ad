using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// A context on an app's database for the test itself (seeding rows directly, checking what the app wrote): the app's
/// own contexts refuse money writes outside its write pipeline, which a test's seeding is not.
/// </summary>
public static class TestContexts
{
    public static async Task<LoyaltyDbContext> CreateTestContextAsync(this IServiceProvider services)
    {
        await using var probe = await services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var connection = probe.Database.GetConnectionString()!;
        return probe switch
        {
            PostgreSqlLoyaltyDbContext => new PostgreSqlLoyaltyDbContext(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(connection).Options),
            SqlServerLoyaltyDbContext => new SqlServerLoyaltyDbContext(new DbContextOptionsBuilder<SqlServerLoyaltyDbContext>().UseSqlServer(connection).Options),
            _ => new SqliteLoyaltyDbContext(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite(connection).Options),
        };
    }
}
