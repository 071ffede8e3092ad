namespace LoyaltyAdmin.Features.Jobs;

/// <summary>
/// Who may run a scheduled job right now. Several app instances share the database; the one that
/// takes the lease (a conditional update) runs the job, the others skip it until the lease expires.
/// </summary>
public sealed class JobLease
{
    public string Name { get; set; } = "";
    public string? Holder { get; set; }
    public DateTime ExpiresAtUtc { get; set; }

    /// <summary>Last merchant-local day the job finished for; the next run catches up from the day after.</summary>
    public DateOnly? LastCompletedDay { get; set; }
}
