using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>Form model of the item editor; nullable so an empty field is a field message, not a zero.</summary>
public sealed class CatalogueItemModel
{
    public long? Id { get; set; }
    public long Version { get; set; }
    public string? Code { get; set; }
    public string? Name { get; set; }
    public CatalogueItemKind Kind { get; set; } = CatalogueItemKind.Goods;
    public long? CouponTemplateId { get; set; }

    /// <summary>A coupon pack (trigger "points redemption") the item gives as well; null for none.</summary>
    public long? CouponPackId { get; set; }
    public string? Description { get; set; }
    public long? Points { get; set; }
    public decimal? Cash { get; set; }
    public int? Stock { get; set; }
    public int? PerMemberLimit { get; set; }
    public DateTime? AvailableFrom { get; set; }
    public DateTime? AvailableUntil { get; set; }
    public bool IsActive { get; set; } = true;
    public MemberDayKind MemberDay { get; set; }
    public DayOfWeek? MemberDayWeekday { get; set; } = DayOfWeek.Wednesday;
    public int? MemberDayOfMonth { get; set; }
    public int? MemberDayDiscountPercent { get; set; }
}

/// <summary>A row of the item list.</summary>
public sealed record CatalogueItemRow(
    long Id, string Code, string Name, CatalogueItemKind Kind, long Points, decimal? Cash, int? Stock, int Redeemed, int? PerMemberLimit,
    DateOnly? AvailableFrom, DateOnly? AvailableUntil, bool IsActive, MemberDayKind MemberDay, DayOfWeek? MemberDayWeekday, int? MemberDayOfMonth,
    int MemberDayDiscountPercent)
{
    public int? Remaining => Stock is { } stock ? Math.Max(0, stock - Redeemed) : null;
}

/// <summary>An item a member can redeem today, with today's price.</summary>
public sealed record AvailableItem(long Id, string Code, string Name, CatalogueItemKind Kind, string? Description, CataloguePrice Price, int? Remaining);

/// <summary>Why a redemption wrote nothing.</summary>
public enum RedeemError
{
    None, MemberNotFound, MemberNotActive, ItemNotFound, ItemNotAvailable, OutOfStock, LimitReached, InsufficientPoints, PriceChanged,

    /// <summary>The request id was first used with another request body.</summary>
    DifferentRequest,
}

/// <summary>A redemption as its answer shows it (the first answer again for a repeated request id).</summary>
public sealed record RedemptionView(
    long Id, string ItemCode, string ItemName, CatalogueItemKind Kind, long RegularPoints, long PointsPaid, int DiscountPercent, decimal? Cash,
    RedemptionStatus Status, DateTime RedeemedAtUtc, string? CouponCode);

public sealed record RedeemOutcome(RedeemError Error, RedemptionView? Redemption = null, long Balance = 0, long Available = 0, bool Duplicate = false,
    CataloguePrice? CurrentPrice = null)
{
    public bool Succeeded => Error == RedeemError.None;
}

/// <summary>Who asks for a redemption and where: staff at the counter or a store's API key.</summary>
public sealed record RedeemRequest(long MemberId, string ItemCode, string RequestId, Channel Channel, int? StoreId, StaffActor Actor,
    string? OrderId = null, long? ExpectedPoints = null, string? BodyHash = null);

/// <summary>A row of the redemptions list.</summary>
public sealed record RedemptionRow(
    long Id, DateTime RedeemedAtUtc, long MemberId, string Phone, string MemberName, string ItemCode, string ItemName, CatalogueItemKind Kind,
    long PointsPaid, int DiscountPercent, decimal? Cash, RedemptionStatus Status, Channel Channel, string? StoreName, string ByName,
    DateTime? HandedOverAtUtc, string? HandedOverByName, string? CouponCode);

/// <summary>A coupon template a coupon item can issue.</summary>
public sealed record CouponTemplateOption(long Id, string Name);

/// <summary>A coupon pack an item can give: active, with the trigger "points redemption".</summary>
public sealed record CouponPackOption(long Id, string Name);
