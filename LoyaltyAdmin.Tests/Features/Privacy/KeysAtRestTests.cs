using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>The data-protection key ring is encrypted at rest, the warning about it is gone, and no secret reaches the logs.</summary>
public sealed class KeysAtRestTests
{
    private const string BootstrapKey = "privacy-bootstrap-key-0123456789abcdefghij";

    [Fact]
    public async Task TheKeyRing_IsEncryptedWithTheKeyFile_AndNoSecretIsEverLogged()
    {
        var logs = new CapturingLogs();
        using var database = new TempDatabase();
        await using var host = new AppHost(database, new Dictionary<string, string?>
        {
            ["Bootstrap:OwnerEmail"] = "", ["Bootstrap:OwnerPassword"] = "", // a one-time password is made (and printed, not logged)
            ["Bootstrap:ApiKey"] = BootstrapKey, ["Bootstrap:StoreCode"] = "HQ",
            ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
        }, services: s => s.AddSingleton<ILoggerProvider>(logs));
        var browser = host.CreateBrowserlessClient();
        var password = Regex.Match(string.Join("\n", host.Console.Lines), @"One-time password: (\S+)").Groups[1].Value;
        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync("owner@loyalty.local", password)).StatusCode);
        var till = host.CreateBrowserlessClient();
        till.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        Assert.Equal(HttpStatusCode.Created, (await till.PostAsJsonAsync("/api/v1/members", new { requestId = "k-1", phone = "13800000300", name = "Key" })).StatusCode);
        int hq;
        await using (var db = host.Services.CreateScope().ServiceProvider.GetRequiredService<LoyaltyAdmin.Data.LoyaltyDbContext>())
            hq = await db.Stores.Where(s => s.Code == "HQ").Select(s => s.Id).SingleAsync();
        var created = await host.Services.GetRequiredService<ApiKeyService>().CreateAsync(StaffActor.System(), new CreateApiKeyModel { Name = "POS 2", StoreId = hq });
        var other = host.CreateBrowserlessClient();
        other.DefaultRequestHeaders.Add("X-Api-Key", created.PlainKey!);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/members/13800000300")).StatusCode);

        await using (var db = database.CreateContext())
        {
            var ring = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(ring);
            Assert.All(ring, xml => Assert.Contains("<encryptedKey", xml));
            Assert.All(ring, xml => Assert.DoesNotContain("<masterKey", xml));
        }
        Assert.True(File.Exists(Path.Combine(database.Folder, "dataprotection.key")));
        var text = logs.Text;
        Assert.Contains("Request starting", text); // the capture saw the requests
        Assert.DoesNotContain("No XML encryptor configured", text);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(BootstrapKey, text);
        Assert.DoesNotContain(created.PlainKey!, text);
    }

    [Fact]
    public async Task ACertificateFromConfiguration_EncryptsTheKeyRing_AndARestartReadsIt()
    {
        using var database = new TempDatabase();
        var pfx = Path.Combine(database.Folder, "dp.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=LoyaltyAdmin data protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "s3cret"));
        }
        var settings = new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = pfx, ["DataProtection:CertificatePassword"] = "s3cret" };
        var logs = new CapturingLogs();
        await using (var host = new AppHost(database, settings, services: s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            var client = host.CreateBrowserlessClient();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword)).StatusCode);
        }
        await using (var restarted = new AppHost(database, settings, services: s => s.AddSingleton<ILoggerProvider>(logs)))
        {
            var client = restarted.CreateBrowserlessClient();
            Assert.Equal(HttpStatusCode.Redirect, (await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword)).StatusCode);
        }

        await using var db = database.CreateContext();
        var ring = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
        Assert.Single(ring); // the restart read the key it had made, rather than making another
        Assert.Contains("EncryptedData", ring[0]);
        Assert.DoesNotContain("<masterKey", ring[0]);
        Assert.DoesNotContain("No XML encryptor configured", logs.Text);
    }

    /// <summary>Every log line of the host, at every level the configuration lets through.</summary>
    private sealed class CapturingLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> lines = new();

        public string Text => string.Join('\n', lines);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose() { }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
