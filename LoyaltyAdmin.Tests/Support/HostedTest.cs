using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// A test over the real application host on a fresh SQLite file: the host is started (migrated, Owner created)
/// before the test, and services are resolved from one DI scope, as a request or a circuit would.
/// </summary>
public abstract class HostedTest(TimeProvider? clock = null) : IAsyncLifetime
{
    private AsyncServiceScope scope;

    protected AppHost Host { get; } = new(clock: clock);

    protected T Service<T>() where T : notnull => scope.ServiceProvider.GetRequiredService<T>();

    public virtual Task InitializeAsync()
    {
        Host.CreateBrowserlessClient().Dispose();
        scope = Host.Services.CreateAsyncScope();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await Host.DisposeAsync();
    }
}
