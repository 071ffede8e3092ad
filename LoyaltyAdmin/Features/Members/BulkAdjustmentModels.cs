namespace LoyaltyAdmin.Features.Members;

/// <summary>One row of an uploaded sheet, as read and checked; <see cref="Error"/> says why it cannot apply.</summary>
public sealed record BulkRow(int RowNumber, string Phone, long Points, AdjustmentReason? Reason, string? Note, long? MemberId, string? Error);

/// <summary>What an upload would do. It applies only when every row is valid (all or nothing).</summary>
public sealed record BulkPreview(string FileName, IReadOnlyList<BulkRow> Rows, string? FileError)
{
    public bool IsValid => FileError is null && Rows.Count > 0 && Rows.All(r => r.Error is null);
    public IEnumerable<BulkRow> BadRows => Rows.Where(r => r.Error is not null);
    public long TotalPoints => Rows.Sum(r => r.Points);
}

public sealed record BatchRow(long Id, string FileName, int RowCount, long TotalPoints, string CreatedByName, DateTime CreatedAtUtc, DateTime? UndoneAtUtc, string? UndoneByName);
