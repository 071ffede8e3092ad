using System.Collections.Concurrent;
using LoyaltyAdmin.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// The real application host (same Program, same middleware) over a fresh SQLite file.
/// Settings can be added per test; the Owner bootstrap output is captured instead of printed.
/// </summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    public const string OwnerEmail = "owner@test.local";
    public const string OwnerPassword = "Oolong-Kettle-482";
    public const string StandardPassword = "Staff-Pass-123";

    private readonly Dictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? services;

    public AppHost(TempDatabase? database = null, IDictionary<string, string?>? settings = null, TimeProvider? clock = null,
        Action<IServiceCollection>? services = null)
    {
        Clock = clock;
        this.services = services;
        Database = database ?? new TempDatabase();
        OwnsDatabase = database is null;
        this.settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = Database.ConnectionString,
            ["Bootstrap:OwnerEmail"] = OwnerEmail,
            ["Bootstrap:OwnerPassword"] = OwnerPassword,
            // Whatever language the test machine speaks: tests read the English default programme unless they ask otherwise.
            ["Bootstrap:Language"] = "en",
            // Beside the database, never in the project's App_Data: hosts sharing a database share its key ring's key.
            ["DataProtection:KeyFile"] = Path.Combine(Database.Folder, "dataprotection.key"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            this.settings[key] = value;
    }

    public TempDatabase Database { get; }

    /// <summary>Replaces the system clock when set.</summary>
    public TimeProvider? Clock { get; }
    private bool OwnsDatabase { get; }
    public CapturingConsole Console { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IBootstrapConsole>();
            services.AddSingleton<IBootstrapConsole>(Console);
            if (Clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(Clock);
            }
            this.services?.Invoke(services);
        });
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects, so tests see them.</summary>
    public HttpClient CreateBrowserlessClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Creates a staff account with <see cref="StandardPassword"/> directly through Identity.</summary>
    public async Task<AppUser> CreateUserAsync(string email, string role, int? storeId = null, bool disabled = false)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email.Split('@')[0], StoreId = storeId, IsDisabled = disabled };
        var result = await users.CreateAsync(user, StandardPassword);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (OwnsDatabase)
            Database.Dispose();
    }
}

public sealed class CapturingConsole : IBootstrapConsole
{
    private readonly ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToList();

    public void WriteLine(string text) => lines.Enqueue(text);
}
