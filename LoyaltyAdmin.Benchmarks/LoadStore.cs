using System.Data.Common;
using LoyaltyAdmin.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>Where the load runs: the app's database, how the app is pointed at it, the raw baseline beside it and its targets.</summary>
internal abstract class LoadStore : IAsyncDisposable
{
    public static async Task<LoadStore> CreateAsync(DatabaseProvider provider, string folder) => provider switch
    {
        DatabaseProvider.Sqlite => new SqliteLoadStore(folder),
        DatabaseProvider.PostgreSql => await PostgresLoadStore.StartAsync(),
        _ => throw new InvalidOperationException($"The load command runs on Sqlite or PostgreSql, not {provider}."),
    };

    /// <summary>Where the app's data is, for the header line.</summary>
    public abstract string Description { get; }

    /// <summary>The app's environment variables that point it at this database.</summary>
    public abstract IReadOnlyDictionary<string, string> AppEnvironment { get; }

    public abstract string BaselineName { get; }

    /// <summary>The purchase targets of issue 19 for this database, printed beside the ratio.</summary>
    public abstract string Targets { get; }

    public abstract bool TargetsMet(LoadResult purchases, double ratio);

    /// <summary>A connection to the app's database, open, for the checks after the load.</summary>
    public abstract Task<DbConnection> OpenForChecksAsync();

    /// <summary>The same writes per purchase done by hand on this database, in a database of their own.</summary>
    public abstract Task<(double PerSecond, double CpuMsPerEvent)> RawBaselineAsync(int members, IReadOnlyList<Purchase> plan, int clients);

    public abstract ValueTask DisposeAsync();
}

internal sealed class SqliteLoadStore(string folder) : LoadStore
{
    private readonly string file = Path.Combine(folder, "load.db");

    public override string Description => "SQLite " + file;

    public override IReadOnlyDictionary<string, string> AppEnvironment => new Dictionary<string, string>
    {
        ["ConnectionStrings__Sqlite"] = $"Data Source={file}",
    };

    public override string BaselineName => "Raw ADO.NET baseline on SQLite (same writes per event, one writer, same clients)";

    public override string Targets => "targets on SQLite: ≥ 70% of raw, aim 85%; p99 < 50 ms";

    public override bool TargetsMet(LoadResult purchases, double ratio) => ratio >= 0.70 && purchases.P99 < 50;

    public override async Task<DbConnection> OpenForChecksAsync()
    {
        var db = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
        await db.OpenAsync();
        return db;
    }

    public override Task<(double PerSecond, double CpuMsPerEvent)> RawBaselineAsync(int members, IReadOnlyList<Purchase> plan, int clients) =>
        SqliteBaseline.RunAsync(Path.Combine(folder, "raw.db"), members, plan, clients);

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }
}

internal sealed class PostgresLoadStore : LoadStore
{
    private readonly LoadPostgres server;
    private readonly string app;
    private readonly string raw;

    private PostgresLoadStore(LoadPostgres server, string app, string raw) => (this.server, this.app, this.raw) = (server, app, raw);

    public static async Task<PostgresLoadStore> StartAsync()
    {
        var server = await LoadPostgres.StartAsync();
        try
        {
            return new PostgresLoadStore(server, await server.CreateDatabaseAsync("load"), await server.CreateDatabaseAsync("raw"));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public override string Description
    {
        get
        {
            var at = new NpgsqlConnectionStringBuilder(app);
            return $"PostgreSQL {at.Host}:{at.Port}/{at.Database} (a private cluster: {LoadPostgres.Settings})";
        }
    }

    public override IReadOnlyDictionary<string, string> AppEnvironment => new Dictionary<string, string>
    {
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__PostgreSql"] = app,
    };

    public override string BaselineName => "Raw Npgsql baseline on PostgreSQL (same writes per event, a transaction each with the member row locked, same clients)";

    public override string Targets => "targets on PostgreSQL: ≥ 1,000 purchases/s and ≥ 50% of raw";

    public override bool TargetsMet(LoadResult purchases, double ratio) => purchases.PerSecond >= 1_000 && ratio >= 0.50;

    public override async Task<DbConnection> OpenForChecksAsync()
    {
        var db = new NpgsqlConnection(app);
        await db.OpenAsync();
        return db;
    }

    public override Task<(double PerSecond, double CpuMsPerEvent)> RawBaselineAsync(int members, IReadOnlyList<Purchase> plan, int clients) =>
        PostgresBaseline.RunAsync(raw, members, plan, clients);

    public override ValueTask DisposeAsync() => server.DisposeAsync();
}
