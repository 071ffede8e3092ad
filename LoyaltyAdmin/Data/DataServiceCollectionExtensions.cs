using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{LoyaltyDbContext}"/> for the configured provider
    /// (<c>Database:Provider</c> = Sqlite (default), SqlServer or PostgreSql). Components and services create one
    /// context per operation from the factory; the scoped context exists only for Identity's stores.
    /// </summary>
    public static IServiceCollection AddLoyaltyData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var provider = DatabaseProviders.Parse(configuration["Database:Provider"]);
        switch (provider)
        {
            case DatabaseProvider.SqlServer:
                var sqlServer = configuration.GetConnectionString("SqlServer");
                if (string.IsNullOrWhiteSpace(sqlServer))
                    throw new InvalidOperationException("Database:Provider is SqlServer but ConnectionStrings:SqlServer is empty.");
                services.AddDbContextFactory<SqlServerLoyaltyDbContext>(o => o.UseSqlServer(sqlServer).AddInterceptors(WriteGuard.Instance));
                services.AddSingleton<IDbContextFactory<LoyaltyDbContext>, ProviderContextFactory<SqlServerLoyaltyDbContext>>();
                break;
            case DatabaseProvider.PostgreSql:
                var postgreSql = configuration.GetConnectionString("PostgreSql");
                if (string.IsNullOrWhiteSpace(postgreSql))
                    throw new InvalidOperationException("Database:Provider is PostgreSql but ConnectionStrings:PostgreSql is empty.");
                services.AddDbContextFactory<PostgreSqlLoyaltyDbContext>(o => o.UseNpgsql(postgreSql).AddInterceptors(WriteGuard.Instance));
                services.AddSingleton<IDbContextFactory<LoyaltyDbContext>, ProviderContextFactory<PostgreSqlLoyaltyDbContext>>();
                break;
            default:
                var sqlite = SqliteConnectionString(configuration.GetConnectionString("Sqlite"), contentRoot);
                services.AddDbContextFactory<SqliteLoyaltyDbContext>(o => o.UseSqlite(sqlite).AddInterceptors(WriteGuard.Instance));
                services.AddSingleton<IDbContextFactory<LoyaltyDbContext>, ProviderContextFactory<SqliteLoyaltyDbContext>>();
                break;
        }

        services.AddScoped<LoyaltyDbContext>(sp => sp.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContext());
        services.AddDataProtection().SetApplicationName("LoyaltyAdmin").PersistKeysToDbContext<LoyaltyDbContext>().ProtectKeysAtRest(configuration, contentRoot);
        services.AddSingleton(TimeProvider.System);
        services.AddTransient<DatabaseInitializer>();
        services.AddHostedService<StartupTasks>(); // migrates in the "starting" phase, before any other hosted service
        return services;
    }

    /// <summary>A relative SQLite path is taken from the content root, not from wherever the process was started.</summary>
    public static string SqliteConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=App_Data/loyaltyadmin.db" : configured);
        if (builder.DataSource != ":memory:" && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, builder.DataSource));
        if (builder.DefaultTimeout < 30)
            builder.DefaultTimeout = 30; // writers wait for the lock instead of failing at once
        var folder = Path.GetDirectoryName(builder.DataSource);
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        return builder.ToString();
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<LoyaltyDbContext>
        where TContext : LoyaltyDbContext
    {
        public LoyaltyDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<LoyaltyDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}

public enum DatabaseProvider { Sqlite, SqlServer, PostgreSql }

public static class DatabaseProviders
{
    public static DatabaseProvider Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "sqlite" => DatabaseProvider.Sqlite,
        "sqlserver" => DatabaseProvider.SqlServer,
        "postgresql" or "postgres" or "npgsql" => DatabaseProvider.PostgreSql,
        _ => throw new InvalidOperationException($"Unknown Database:Provider '{value}'. Use Sqlite, SqlServer or PostgreSql."),
    };
}
