using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>The built app as a process of its own on 127.0.0.1, configured through its environment, as it runs in production.</summary>
internal static partial class LoadApp
{
    public static Process Start(IReadOnlyDictionary<string, string> environment, string key)
    {
        // The app's own build output (bin/<Configuration>/<tfm> of LoyaltyAdmin), which has its runtime config and static assets.
        var here = Path.GetDirectoryName(typeof(LoadApp).Assembly.Location)!;
        var tfm = new DirectoryInfo(here);
        var configuration = tfm.Parent!;
        var repo = configuration.Parent!.Parent!.Parent!;
        var dll = Path.Combine(repo.FullName, "LoyaltyAdmin", "bin", configuration.Name, tfm.Name, "LoyaltyAdmin.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Build the app first: {dll} does not exist.");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Bootstrap__ApiKey"] = key;
        start.Environment["Bootstrap__StoreCode"] = "LOAD";
        start.Environment["Bootstrap__OwnerEmail"] = "owner@load.local";
        start.Environment["Bootstrap__OwnerPassword"] = "Load-Kettle-123";
        start.Environment["Api__PermitsPerMinute"] = "100000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
    }

    public static async Task<Uri> WaitForAddressAsync(Process app, string? logPath)
    {
        var errors = app.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (RunningAt().Match(line) is { Success: true } m)
            {
                _ = DrainAsync(app.StandardOutput, logPath);
                return new Uri(m.Groups[1].Value);
            }
        }
        throw new InvalidOperationException("The app exited before listening: " + await errors);
    }

    public static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The app did not become healthy.");
    }

    public static async Task StopAsync(Process app)
    {
        if (!app.HasExited)
            app.Kill(entireProcessTree: true);
        await app.WaitForExitAsync();
    }

    private static async Task DrainAsync(StreamReader reader, string? logPath)
    {
        await using var log = logPath is null ? null : new StreamWriter(logPath);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (log is not null)
                await log.WriteLineAsync(line);
        }
    }

    [GeneratedRegex(@"(http://[^/\s]+)/Account/Login")]
    private static partial Regex RunningAt();
}
