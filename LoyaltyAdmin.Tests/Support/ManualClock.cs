namespace LoyaltyAdmin.Tests.Support;

/// <summary>A clock the test sets and moves; everything in the app reads time through TimeProvider.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Set(DateTimeOffset instant) => now = instant;

    public void Advance(TimeSpan by) => now += by;
}
