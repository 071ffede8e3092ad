using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// The real application as a child process (the built LoyaltyAdmin.dll, Kestrel on 127.0.0.1) over a temp
/// SQLite file or the database the settings name, so a real browser (or a second instance's cookie) can reach it. <see cref="AppHost"/> runs in-process on a TestServer, which a
/// browser cannot talk to.
/// </summary>
public sealed class LiveApp : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120); // a busy CI machine starts two at once

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();

    private readonly bool ownsDatabase;

    private LiveApp(Process process, Uri baseAddress, TempDatabase database, bool ownsDatabase)
    {
        this.process = process;
        BaseAddress = baseAddress;
        Database = database;
        this.ownsDatabase = ownsDatabase;
    }

    public Uri BaseAddress { get; }

    public TempDatabase Database { get; }

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    /// <summary>How many lines of output there are now: a mark for <see cref="ErrorsSince"/>.</summary>
    public int OutputLineCount => output.Count;

    /// <summary>Error and critical log entries (JSON console) written after <paramref name="mark"/>.</summary>
    public IReadOnlyList<string> ErrorsSince(int mark) =>
        output.Skip(mark).Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || l.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal)).ToList();

    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>A till's client of this app's API: its key, and time enough for a busy machine.</summary>
    public HttpClient ApiClient(string key)
    {
        var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    /// <summary>
    /// Starts the app; with <paramref name="ownerPassword"/> null the Owner gets a printed one-time password.
    /// <paramref name="settings"/> (configuration keys such as <c>Database:Provider</c>) override the defaults,
    /// for example to put several instances on one PostgreSQL database. With <paramref name="database"/> the app
    /// opens an existing SQLite file (a restart) and leaves it in place when disposed.
    /// </summary>
    public static async Task<LiveApp> StartAsync(string? ownerEmail = AppHost.OwnerEmail, string? ownerPassword = AppHost.OwnerPassword,
        IReadOnlyDictionary<string, string>? settings = null, TempDatabase? database = null)
    {
        var folder = AppFolder();
        var dll = Path.Combine(folder, "LoyaltyAdmin.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"{dll} not found: build the solution first.");

        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var ownsDatabase = database is null;
        database ??= new TempDatabase();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = baseAddress.ToString().TrimEnd('/');
        start.Environment["ConnectionStrings__Sqlite"] = database.ConnectionString;
        start.Environment["Bootstrap__OwnerEmail"] = ownerEmail ?? "";
        start.Environment["Bootstrap__OwnerPassword"] = ownerPassword ?? "";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = new Process { StartInfo = start };
        var app = new LiveApp(process, baseAddress, database, ownsDatabase);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) app.output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) app.output.Enqueue(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await app.WaitUntilHealthyAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    /// <summary>Waits for a line of output matching <paramref name="pattern"/> and returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var match = output.Select(line => pattern.Match(line)).FirstOrDefault(m => m.Success);
            if (match is not null)
                return match;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No output matched {pattern}. Output:\n{Output}");
            await Task.Delay(50);
        }
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"LoyaltyAdmin exited with code {process.ExitCode} before it was healthy. Output:\n{Output}");
            try
            {
                using var response = await http.GetAsync("/health");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"/health answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"LoyaltyAdmin was not healthy at {BaseAddress} after {StartTimeout.TotalSeconds:0} s ({last}). Output:\n{Output}");
    }

    /// <summary>The app built in the same configuration as these tests (bin/Debug or bin/Release).</summary>
    private static string AppFolder()
    {
        var testsOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testsOutput.Name;
        var configuration = testsOutput.Parent!.Name;
        return Path.Combine(RepositoryRoot.App, "bin", configuration, framework);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Ends the process at once, as a power cut or an OOM kill would: no shutdown, no flush, nothing committed after this.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        if (ownsDatabase)
            Database.Dispose();
    }
}
