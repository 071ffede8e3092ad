using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>The app settings that put a reliability scenario's host on each provider's fresh database.</summary>
public static class ScenarioDatabases
{
    /// <summary>No settings: the host makes its own temp SQLite file.</summary>
    public static Task<IDictionary<string, string?>> SqliteAsync() => Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>());

    public static async Task<IDictionary<string, string?>> PostgreSqlAsync(PostgresCluster cluster, string name) => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:PostgreSql"] = await cluster.CreateDatabaseAsync(name),
    };
}
