using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Demo;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LoyaltyAdmin;

/// <summary>
/// Runs before the server accepts requests: migrate, bootstrap the Owner, optionally load demo data.
/// Then says where to sign in.
/// </summary>
public sealed class StartupTasks(IServiceScopeFactory scopes, IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration) : IHostedLifecycleService
{
    // "Starting" runs before any hosted service starts, so the schema exists before Data Protection reads its key ring from it.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            if (configuration.GetValue<bool>("Demo:Load"))
            {
                var size = configuration.GetValue("Demo:Members", DemoData.DefaultMembers);
                Console.WriteLine($"Loading the tea-shop demo: 3 stores, {size:N0} members, a year replayed day by day...");
                var progress = new Progress<int>(percent => Console.WriteLine($"  {percent}%"));
                var added = await scope.ServiceProvider.GetRequiredService<DemoData>().LoadAsync(size, progress, cancellationToken);
                Console.WriteLine(added > 0 ? $"Demo loaded: {added:N0} members." : "Demo not loaded: the database already has members.");
            }
            else if (!await scope.ServiceProvider.GetRequiredService<DemoData>().HasMembersAsync(cancellationToken))
            {
                Console.WriteLine("Tip: the database has no members yet. Run `dotnet run --project LoyaltyAdmin -- --demo` to see a living tea-shop programme.");
            }
            if (configuration.GetValue<bool>("Reports:RebuildRollups"))
            {
                Console.WriteLine("Rebuilding the report rollups from the ledger...");
                var (memberMonths, totals) = await scope.ServiceProvider.GetRequiredService<Features.Reports.RollupRebuild>()
                    .RebuildAsync(new Progress<string>(Console.WriteLine), cancellationToken);
                Console.WriteLine($"Rollups rebuilt: {memberMonths:N0} member-months, {totals:N0} monthly totals.");
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            if (address is not null)
                Console.WriteLine($"LoyaltyAdmin is running: sign in at {address.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost")}/Account/Login");
        });
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
