using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>A row that cannot be imported, and every reason why (in the viewer's language).</summary>
public sealed record ImportProblem(int RowNumber, string Key, IReadOnlyList<string> Reasons);

/// <summary>Opening points of one lot: how many, and the last day they can be spent (null: they never expire).</summary>
public sealed record OpeningLot(long Points, DateOnly? ExpiresOn);

/// <summary>A member row as read and checked; <see cref="ReferredByPhone"/> names a member of the file or of the database.</summary>
public sealed record MemberImportRow(int RowNumber, string Phone, string Name, DateOnly? Birthday, DateOnly JoinedOn, int? HomeStoreId, string TierCode,
    DateOnly? TierValidUntil, decimal LifetimeSpend, long GrowthValue, IReadOnlyList<OpeningLot> Lots, string? ReferralCode, string? ReferredByPhone);

/// <summary>An order row as read and checked.</summary>
public sealed record OrderImportRow(int RowNumber, string Phone, long MemberId, string OrderId, decimal Amount, DateTime OccurredAtUtc, Channel Channel, int StoreId);

/// <summary>
/// The dry run of an upload: what would be imported, what is already there (skipped, so a file can be imported again), and
/// every bad row with its reasons. It applies only when no row is bad (all or nothing).
/// </summary>
public sealed record ImportPreview<TRow>(string FileName, IReadOnlyList<TRow> Rows, int Skipped, IReadOnlyList<ImportProblem> Problems, string? FileError)
{
    public bool IsValid => FileError is null && Problems.Count == 0 && Rows.Count + Skipped > 0;
}

/// <summary>What an apply did: rows written and rows skipped as already there; <see cref="Error"/> when it wrote nothing.</summary>
public sealed record ImportOutcome(int Imported, int Skipped, long Points, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>How far an apply is: rows written of the total.</summary>
public readonly record struct ImportProgress(int Done, int Total)
{
    public int Percent => Total == 0 ? 100 : (int)(100L * Done / Total);
}
