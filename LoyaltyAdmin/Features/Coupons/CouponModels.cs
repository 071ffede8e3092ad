using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Coupons;

public enum ValidityMode { Days, Dates }

/// <summary>The template editor's form. Dates are merchant dates.</summary>
public sealed class CouponTemplateModel
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CouponKind Kind { get; set; }
    public decimal? Amount { get; set; }
    public int? Percent { get; set; }
    public decimal? MaxDiscount { get; set; }
    public string? ItemName { get; set; }
    public decimal? MinimumSpend { get; set; }
    public ValidityMode Validity { get; set; }
    public int? ValidDays { get; set; } = 30;
    public DateTime? ValidFrom { get; set; }
    public DateTime? ValidTo { get; set; }
    public Channel? Channel { get; set; }
    public int? Stock { get; set; }
    public int? PerMemberLimit { get; set; }
    public bool IsActive { get; set; } = true;
    public int Issued { get; set; }
    public long Version { get; set; }

    /// <summary>The terms as they would read after saving (what the preview card shows).</summary>
    public CouponTermsView Terms => new(Kind, Kind == CouponKind.AmountOff ? Amount : null, Kind == CouponKind.PercentOff ? Percent : null,
        Kind == CouponKind.PercentOff ? MaxDiscount : null, Kind == CouponKind.FreeItem ? ItemName : null, MinimumSpend, Channel,
        Validity == ValidityMode.Days ? ValidDays : null,
        Validity == ValidityMode.Dates && ValidFrom is { } f ? DateOnly.FromDateTime(f) : null,
        Validity == ValidityMode.Dates && ValidTo is { } t ? DateOnly.FromDateTime(t) : null);
}

public sealed record CouponTemplateRow(long Id, string Name, CouponTermsView Terms, int? Stock, int Issued, int Redeemed, int? PerMemberLimit, bool IsActive);

public sealed class CouponPackItemModel
{
    public long TemplateId { get; set; }
    public int Quantity { get; set; } = 1;
}

public sealed class CouponPackModel
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CouponPackTrigger Trigger { get; set; } = CouponPackTrigger.Manual;
    public string? TierCode { get; set; }
    public bool IsActive { get; set; } = true;
    public List<CouponPackItemModel> Items { get; set; } = [];
    public long Version { get; set; }
}

public sealed record CouponPackRow(long Id, string Name, CouponPackTrigger Trigger, string? TierCode, bool IsActive, IReadOnlyList<(string Template, int Quantity)> Items);

/// <summary>What a staff member issues: one template × quantity, or a pack.</summary>
public sealed record IssueTarget(long? TemplateId, long? PackId, int Quantity = 1);

/// <summary>A coupon in a list. <see cref="Code"/> is masked for those who may not see bearer codes.</summary>
public sealed record CouponRow(long Id, string Code, string TemplateName, long MemberId, string MemberPhone, CouponStatus Status, CouponSource Source,
    DateTime IssuedAtUtc, DateTime ValidFromUtc, DateTime ValidUntilUtc, DateTime? RedeemedAtUtc, string? RedeemedStore, decimal? Discount, string? VoidReason);

public sealed record CouponQuery(string? Search, CouponStatus? Status, long? MemberId, int Skip, int Take);

public sealed record CouponPage(IReadOnlyList<CouponRow> Rows, int Total);

/// <summary>Members picked for a segment issue: every filter is optional and they combine with AND.</summary>
public sealed record SegmentFilter(string? TierCode, DateOnly? JoinedFrom, DateOnly? JoinedTo, int? HomeStoreId);

public sealed record SegmentIssueResult(int Members, int Issued, int Skipped, int AlreadyHad);

/// <summary>One row of an uploaded phone list; <see cref="Error"/> says why it cannot be issued to.</summary>
public sealed record CouponImportRow(int RowNumber, string Phone, long? MemberId, string? Error);

/// <summary>An uploaded list of phone numbers. It is issued to only when every row is valid (all or nothing).</summary>
public sealed record CouponImportPreview(string FileName, IReadOnlyList<CouponImportRow> Rows, string? FileError)
{
    public bool IsValid => FileError is null && Rows.Count > 0 && Rows.All(r => r.Error is null);
    public IEnumerable<CouponImportRow> BadRows => Rows.Where(r => r.Error is not null);
}

/// <summary>The outcome of an import: every member got their coupons, or nobody did and <see cref="Rows"/> says why.</summary>
public sealed record CouponImportResult(bool Succeeded, int Members, int Coupons, IReadOnlyList<CouponImportRow> Rows, string? Error);
