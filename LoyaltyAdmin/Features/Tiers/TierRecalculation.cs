namespace LoyaltyAdmin.Features.Tiers;

public enum RecalculationStatus { Queued, Running, Completed, Failed }

/// <summary>
/// An explicit re-qualification of every member after a programme version changed how tiers are decided. One runs at a
/// time, in the background on whichever instance holds its lease; it walks the members in id order and records where it
/// is (<see cref="LastMemberId"/>), so a restart resumes instead of starting over.
/// </summary>
public sealed class TierRecalculation
{
    public long Id { get; set; }

    /// <summary>The programme version members are re-qualified under, and its number ("recalculated after programme version N").</summary>
    public long VersionId { get; set; }

    public int VersionNumber { get; set; }

    /// <summary>The version members were last qualified under: a member the old rules would also move down is left to the daily run.</summary>
    public long BaselineVersionId { get; set; }

    public RecalculationStatus Status { get; set; }

    /// <summary>Members to look at, counted when the run started.</summary>
    public int Total { get; set; }

    public int Processed { get; set; }
    public int MovedUp { get; set; }
    public int MovedDown { get; set; }

    /// <summary>The last member looked at: the run resumes after it.</summary>
    public long LastMemberId { get; set; }

    public string RequestedBy { get; set; } = "";
    public DateTime RequestedAtUtc { get; set; }
    public DateTime? StartedAtUtc { get; set; }
    public DateTime? FinishedAtUtc { get; set; }
    public string? Error { get; set; }

    public bool IsActive => Status is RecalculationStatus.Queued or RecalculationStatus.Running;
}
