using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>A coupon (issued at once from a coupon template), physical goods, or a service handed over in store.</summary>
public enum CatalogueItemKind { Coupon, Goods, Service }

/// <summary>When an item's member day (会员日) falls: never, a weekday every week, or a day of every month.</summary>
public enum MemberDayKind { None, Weekday, DayOfMonth }

/// <summary>
/// Something members spend points on in the redemption catalogue (积分商城). Stock is claimed by a conditional
/// update at redemption, never by reading and writing back, so concurrent redemptions cannot oversell it.
/// </summary>
public sealed class CatalogueItem
{
    public long Id { get; set; }

    /// <summary>Unique; the integration API names the item by it.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";
    public CatalogueItemKind Kind { get; set; }
    public string? Description { get; set; }

    /// <summary>Regular price in points.</summary>
    public long Points { get; set; }

    /// <summary>Cash the member pays on top of the points (points + cash), collected at the till; null = points only.</summary>
    public decimal? Cash { get; set; }

    /// <summary>Total that may ever be redeemed; null = unlimited.</summary>
    public int? Stock { get; set; }

    public int Redeemed { get; set; }

    /// <summary>Redemptions one member may make of this item over the member's lifetime; null = no limit.</summary>
    public int? PerMemberLimit { get; set; }

    /// <summary>First and last merchant-local day the item can be redeemed; null = open-ended.</summary>
    public DateOnly? AvailableFrom { get; set; }

    public DateOnly? AvailableUntil { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>The coupon template a <see cref="CatalogueItemKind.Coupon"/> item issues.</summary>
    public long? CouponTemplateId { get; set; }

    /// <summary>
    /// A coupon pack (trigger <see cref="Coupons.CouponPackTrigger.Redemption"/>) every redemption of the item gives too, in
    /// the redemption's write: all of it or no redemption.
    /// </summary>
    public long? CouponPackId { get; set; }

    public MemberDayKind MemberDay { get; set; }
    public DayOfWeek? MemberDayWeekday { get; set; }
    public int? MemberDayOfMonth { get; set; }

    /// <summary>Points fewer on the member day, in percent (1–90).</summary>
    public int MemberDayDiscountPercent { get; set; }

    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>App-managed concurrency token of staff edits (redemptions update the counter only).</summary>
    public long Version { get; set; }

    public CataloguePrice PriceOn(DateOnly day) => CataloguePrice.On(this, day);
}

public enum RedemptionStatus { AwaitingHandover, Completed }

/// <summary>One redemption of a catalogue item: what the member paid and who served it. Unique by request id.</summary>
public sealed class CatalogueRedemption
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public long ItemId { get; set; }

    /// <summary>The item's code and name when redeemed (the item may be renamed later).</summary>
    public string ItemCode { get; set; } = "";

    public string ItemName { get; set; } = "";
    public CatalogueItemKind Kind { get; set; }

    /// <summary>The regular price then, and what was paid after the member-day discount.</summary>
    public long RegularPoints { get; set; }

    public long PointsPaid { get; set; }
    public decimal? Cash { get; set; }
    public int DiscountPercent { get; set; }
    public RedemptionStatus Status { get; set; }
    public Channel Channel { get; set; }
    public int? StoreId { get; set; }

    /// <summary>The ledger's idempotency key of the redemption (its points entry carries the same id).</summary>
    public string RequestId { get; set; } = "";

    /// <summary>Staff user id, or null for the integration API.</summary>
    public string? OperatorId { get; set; }

    /// <summary>The staff member's name, or "api:STORE" for a key.</summary>
    public string ByName { get; set; } = "";

    /// <summary>The coupon a coupon item issued with the redemption.</summary>
    public string? CouponCode { get; set; }

    public DateTime RedeemedAtUtc { get; set; }
    public DateTime? HandedOverAtUtc { get; set; }
    public string? HandedOverByName { get; set; }
}
