using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// A private PostgreSQL server for the test run: initdb into a temp folder as the unprivileged
/// <c>postgres</c> user, listening only on 127.0.0.1 on a free port (its socket in the same folder),
/// stopped and deleted at the end. Started on first use, so a run whose PostgreSQL tests all skip
/// never needs the binaries.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string ServiceUser = "postgres";

    private readonly SemaphoreSlim startLock = new(1, 1);
    private string? folder;
    private string? binaries;
    private int port;
    private int databases;

    /// <summary>The folder holding initdb and pg_ctl, or null when PostgreSQL is not installed.</summary>
    public static string? BinaryFolder { get; } = FindBinaries();

    public static bool Available => BinaryFolder is not null;

    public static bool Required => Environment.GetEnvironmentVariable("REQUIRE_PG") == "1";

    public const string Missing =
        "initdb not found on PATH nor in /usr/lib/postgresql/*/bin: install PostgreSQL (CI sets REQUIRE_PG=1, which makes this a failure)";

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        await EnsureStartedAsync();
        // The collection's tests run one after another; idle pooled connections to earlier tests' databases
        // would otherwise count against max_connections.
        NpgsqlConnection.ClearAllPools();
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref databases)}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    private string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = port, Username = ServiceUser, Database = database,
        MaxPoolSize = 100, Timeout = 30, CommandTimeout = 60,
    }.ConnectionString;

    private async Task EnsureStartedAsync()
    {
        await startLock.WaitAsync();
        try
        {
            if (folder is not null)
                return;
            binaries = BinaryFolder ?? throw new InvalidOperationException(Missing);
            var root = Directory.CreateTempSubdirectory("loyaltyadmin-pg-").FullName;
            if (Environment.UserName == "root")
                await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root], asServiceUser: false);
            folder = root;
            port = FreePort();
            var data = Path.Combine(root, "data");
            await RunAsync(Path.Combine(binaries, "initdb"),
                ["-D", data, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            // Durability is not under test; speed on a shared two-core machine is.
            var options = $"-h 127.0.0.1 -p {port} -k {root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
        }
        finally
        {
            startLock.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (folder is null || binaries is null)
            return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asServiceUser = true)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // PostgreSQL refuses to run as root; everything else here already runs unprivileged.
        if (asServiceUser && Environment.UserName == "root")
        {
            start.FileName = "runuser";
            foreach (var a in new[] { "-u", ServiceUser, "--", file })
                start.ArgumentList.Add(a);
        }
        else
        {
            start.FileName = file;
        }
        foreach (var a in arguments)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    private static string? FindBinaries()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "initdb"))
            .FirstOrDefault(File.Exists);
        if (path is not null)
        {
            // /usr/local/bin/initdb is a link into the version's own bin folder, where pg_ctl sits too.
            var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            return Path.GetDirectoryName(target);
        }
        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending()
                .FirstOrDefault(bin => File.Exists(Path.Combine(bin, "initdb")))
            : null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// The PostgreSQL tests run on their own, after the parallel ones: hundreds of concurrent writers on two
/// shared cores would otherwise slow the browser journeys past their time-outs, and blur the figures.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}

/// <summary>
/// A test on the private PostgreSQL server: skipped with the reason where PostgreSQL is not installed,
/// except when <c>REQUIRE_PG=1</c> (CI), where it runs and fails.
/// </summary>
public sealed class PgFactAttribute : FactAttribute
{
    public PgFactAttribute()
    {
        if (!PostgresCluster.Available && !PostgresCluster.Required)
            Skip = PostgresCluster.Missing;
    }
}
