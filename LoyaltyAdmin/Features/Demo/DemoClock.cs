namespace LoyaltyAdmin.Features.Demo;

/// <summary>
/// The app's clock while <c>--demo</c> loads: the real one, except while the demo replays its year, when it reads the
/// simulated instant the demo sets day by day. Everything that reads <see cref="TimeProvider"/> (the ledger, the daily
/// jobs, coupon expiry, reports) then lives through that year on its own dates.
/// </summary>
public sealed class DemoClock(TimeProvider real) : TimeProvider
{
    // UTC ticks of the simulated instant; 0 while the real clock is read. Read by the demo's workers at once.
    private long simulatedTicks;

    /// <summary>The real clock's time, whatever is simulated.</summary>
    public DateTimeOffset RealUtcNow => real.GetUtcNow();

    /// <summary>Sets the simulated instant, or (null) goes back to the real clock.</summary>
    public void Simulate(DateTimeOffset? at) => Interlocked.Exchange(ref simulatedTicks, at?.UtcTicks ?? 0);

    public override DateTimeOffset GetUtcNow() =>
        Interlocked.Read(ref simulatedTicks) is var ticks and not 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : real.GetUtcNow();

    public override TimeZoneInfo LocalTimeZone => real.LocalTimeZone;
}
