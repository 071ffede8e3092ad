using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Demo;

/// <summary>One small demo year, loaded once for the tests that read it (a demo of 80 members replays in seconds).</summary>
public sealed class DemoYearFixture : IAsyncLifetime
{
    public const int Members = 80;
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(8));

    public AppHost Host { get; } = new(clock: new DemoClock(new ManualClock(Now)));
    public int Added { get; private set; }

    public async Task InitializeAsync()
    {
        Host.CreateBrowserlessClient().Dispose();
        Added = await Host.Services.GetRequiredService<DemoData>().LoadAsync(Members);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
