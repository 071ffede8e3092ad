namespace LoyaltyAdmin.Features.Members;

public enum AdjustmentStatus { Pending, Approved, Rejected }

/// <summary>Why an adjustment waits for the Owner (see <see cref="AdjustmentLimits"/>).</summary>
public enum AdjustmentHold { MemberDayLimit, OperatorDayTotal }

/// <summary>A manual adjustment above the approval limit, waiting in the Owner's approvals inbox.</summary>
public sealed class AdjustmentRequest
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long Points { get; set; }
    public AdjustmentReason Reason { get; set; }
    public string? Note { get; set; }
    public string RequestedById { get; set; } = "";
    public string RequestedByName { get; set; } = "";
    public DateTime RequestedAtUtc { get; set; }

    /// <summary>The store the request came from (the manager's), which may not be the member's.</summary>
    public int? RequestedStoreId { get; set; }

    public AdjustmentHold Hold { get; set; }
    public AdjustmentStatus Status { get; set; }
    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTime? DecidedAtUtc { get; set; }
    public string? DecisionNote { get; set; }

    /// <summary>The ledger entry written on approval.</summary>
    public long? EntryId { get; set; }
}

/// <summary>A bulk adjustment uploaded from Excel: applied all or nothing, undone as a whole.</summary>
public sealed class AdjustmentBatch
{
    public long Id { get; set; }
    public string FileName { get; set; } = "";
    public int RowCount { get; set; }
    public long TotalPoints { get; set; }
    public string CreatedById { get; set; } = "";
    public string CreatedByName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? UndoneAtUtc { get; set; }
    public string? UndoneByName { get; set; }
}
