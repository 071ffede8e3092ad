namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>
/// Who is held out of an automation: a deterministic hash of (automation, member) into 0–99, below the percent is control.
/// The same member stays in the same group at every run and on every instance, and the split is independent of member
/// ids' order or the segment's shape.
/// </summary>
public static class ControlGroup
{
    public static int Bucket(long automationId, long memberId)
    {
        // SplitMix64: a fixed, well-mixed function (string.GetHashCode changes per process).
        var z = unchecked((ulong)automationId * 0x9E3779B97F4A7C15UL + (ulong)memberId);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z % 100);
    }

    public static bool IsControl(long automationId, long memberId, int controlPercent) =>
        controlPercent > 0 && Bucket(automationId, memberId) < controlPercent;
}
