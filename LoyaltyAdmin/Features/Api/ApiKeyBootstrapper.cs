using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// <c>Bootstrap:ApiKey</c> + <c>Bootstrap:StoreCode</c>: an automated deployment gets a working key at first start.
/// The store is created when it does not exist yet (a fresh installation has none). Runs after the migrations.
/// </summary>
public sealed class ApiKeyBootstrapper(IConfiguration configuration, ApiKeyService keys, IDbContextFactory<LoyaltyDbContext> dbFactory,
    TimeProvider clock, ILogger<ApiKeyBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var key = configuration["Bootstrap:ApiKey"];
        var storeCode = configuration["Bootstrap:StoreCode"];
        if (string.IsNullOrWhiteSpace(key))
            return;
        if (string.IsNullOrWhiteSpace(storeCode))
            throw new InvalidOperationException("Bootstrap:ApiKey is set but Bootstrap:StoreCode is empty.");
        if (key.Length < 32)
            throw new InvalidOperationException("Bootstrap:ApiKey must be at least 32 characters of random text.");

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.Stores.AnyAsync(s => s.Code == storeCode, cancellationToken))
            {
                db.Stores.Add(new Store { Code = storeCode, Name = storeCode, CreatedAtUtc = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("Created store {StoreCode} for the bootstrap API key", storeCode);
            }
        }
        var mayChangeProgramme = configuration.GetValue<bool>("Bootstrap:ApiKeyMayChangeProgramme");
        if (await keys.BootstrapAsync(key.Trim(), storeCode, mayChangeProgramme, cancellationToken))
            logger.LogInformation("Created the bootstrap API key for store {StoreCode}", storeCode);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
