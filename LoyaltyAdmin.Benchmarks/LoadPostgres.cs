using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// A private PostgreSQL server for one load run, started as the reliability tests start theirs: initdb into a temp folder
/// (as the unprivileged <c>postgres</c> user when run as root, which PostgreSQL refuses), listening only on 127.0.0.1 on a
/// free port, stopped and deleted at the end. Durability is off (fsync, synchronous commit, full-page writes), as in the
/// tests: the app and its raw baseline run on the same server, so the ratio compares like with like.
/// </summary>
internal sealed class LoadPostgres : IAsyncDisposable
{
    private const string ServiceUser = "postgres";

    private readonly string folder;
    private readonly string binaries;
    private readonly int port;

    private LoadPostgres(string folder, string binaries, int port) => (this.folder, this.binaries, this.port) = (folder, binaries, port);

    public const string Settings = "fsync, synchronous_commit and full_page_writes off, max_connections 300";

    public static async Task<LoadPostgres> StartAsync()
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException("initdb not found on PATH nor in /usr/lib/postgresql/*/bin: install PostgreSQL.");
        var root = Directory.CreateTempSubdirectory("loyaltyadmin-load-pg-").FullName;
        if (Environment.UserName == "root")
            await RunAsync("chown", ["-R", $"{ServiceUser}:{ServiceUser}", root], asServiceUser: false);
        var server = new LoadPostgres(root, binaries, FreePort());
        var data = Path.Combine(root, "data");
        try
        {
            await RunAsync(Path.Combine(binaries, "initdb"), ["-D", data, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
            var options = $"-h 127.0.0.1 -p {server.port} -k {root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await RunAsync(Path.Combine(binaries, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
            return server;
        }
        catch
        {
            Directory.Delete(root, recursive: true);
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
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

    public async ValueTask DisposeAsync()
    {
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
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
