using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Coupons;

public enum CouponKind { AmountOff, PercentOff, FreeItem, FreeShipping }

public enum CouponStatus { Issued, Redeemed, Expired, Voided }

/// <summary>What issued a coupon; with <see cref="Coupon.Reference"/> it makes each issue idempotent.</summary>
public enum CouponSource { Registration, Birthday, TierUpgrade, Referral, Redemption, Manual, Import, Segment, Automation, Challenge }

public enum CouponPackTrigger { Registration, Birthday, TierUpgrade, ReferralReward, Redemption, Manual }

/// <summary>
/// A coupon template (券模板): what a coupon gives, where and when it is valid, and how many may be issued.
/// Validity is either fixed merchant dates (<see cref="ValidFrom"/>–<see cref="ValidTo"/>, both inclusive) or
/// <see cref="ValidDays"/> from issue: through the end of the merchant day <c>ValidDays - 1</c> days after the
/// issue day, so "valid 1 day" means "until midnight tonight, merchant time".
/// </summary>
public sealed class CouponTemplate
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CouponKind Kind { get; set; }

    /// <summary>Yuan off, for <see cref="CouponKind.AmountOff"/>.</summary>
    public decimal? Amount { get; set; }

    /// <summary>Percent off (10 = 10% off), for <see cref="CouponKind.PercentOff"/>.</summary>
    public int? Percent { get; set; }

    /// <summary>The largest discount a percent-off coupon gives; null when uncapped.</summary>
    public decimal? MaxDiscount { get; set; }

    /// <summary>The item given, for <see cref="CouponKind.FreeItem"/>.</summary>
    public string? ItemName { get; set; }

    /// <summary>Smallest order the coupon applies to; null means no threshold.</summary>
    public decimal? MinimumSpend { get; set; }

    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public int? ValidDays { get; set; }

    /// <summary>The only channel the coupon can be used in; null means every channel.</summary>
    public Channel? Channel { get; set; }

    /// <summary>Total that may ever be issued; null means unlimited.</summary>
    public int? Stock { get; set; }

    /// <summary>How many were issued; only ever raised by one conditional UPDATE, so stock cannot be oversold.</summary>
    public int Issued { get; set; }

    /// <summary>How many one member may ever receive; null means no limit.</summary>
    public int? PerMemberLimit { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
    public long Version { get; set; }
}

/// <summary>A coupon pack (券包): several templates × quantity issued together, all or nothing.</summary>
public sealed class CouponPack
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CouponPackTrigger Trigger { get; set; }

    /// <summary>The tier whose upgrade issues the pack, for <see cref="CouponPackTrigger.TierUpgrade"/>.</summary>
    public string? TierCode { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
    public long Version { get; set; }
    public List<CouponPackItem> Items { get; set; } = [];
}

public sealed class CouponPackItem
{
    public long Id { get; set; }
    public long PackId { get; set; }
    public long TemplateId { get; set; }
    public int Quantity { get; set; }
}

/// <summary>
/// One coupon owned by a member. Its <see cref="Code"/> is a bearer secret: whoever shows it at the till can use it.
/// Valid from <see cref="ValidFromUtc"/> (inclusive) until <see cref="ValidUntilUtc"/> (exclusive: the instant the
/// last merchant day of validity ends).
/// </summary>
public sealed class Coupon
{
    public long Id { get; set; }
    public string Code { get; set; } = "";
    public long MemberId { get; set; }
    public long TemplateId { get; set; }
    public long? PackId { get; set; }
    public CouponStatus Status { get; set; }

    /// <summary>Business time: when what issued it happened (a purchase's time for a tier-upgrade pack); validity counts from it.</summary>
    public DateTime IssuedAtUtc { get; set; }

    /// <summary>When the coupon was written.</summary>
    public DateTime RecordedAtUtc { get; set; }

    public DateTime ValidFromUtc { get; set; }
    public DateTime ValidUntilUtc { get; set; }
    public CouponSource Source { get; set; }

    /// <summary>What issued it (an event id, a batch, a redemption); the same member, source and reference never issue twice.</summary>
    public string Reference { get; set; } = "";

    public int? RedeemedStoreId { get; set; }
    public Channel? RedeemedChannel { get; set; }
    public string? RedeemedOrderId { get; set; }
    public decimal? RedeemedOrderAmount { get; set; }
    public decimal? RedeemedDiscount { get; set; }
    public string? RedeemedById { get; set; }
    public string? RedeemedByName { get; set; }
    public DateTime? RedeemedAtUtc { get; set; }

    /// <summary>The write-off request that redeemed it: the same request again answers the same success.</summary>
    public string? RedeemRequestId { get; set; }

    public string? VoidReason { get; set; }
    public string? VoidedById { get; set; }
    public string? VoidedByName { get; set; }
    public DateTime? VoidedAtUtc { get; set; }

    public long Version { get; set; }

    /// <summary>Written off at a till for an order. Only an issued coupon can be; its version changes, so a concurrent write-off loses.</summary>
    public void Redeem(int? storeId, Channel channel, string? orderId, decimal orderAmount, decimal discount, string? byId, string byName, DateTime atUtc,
        string requestId)
    {
        Ensure(CouponStatus.Redeemed);
        (RedeemedStoreId, RedeemedChannel, RedeemedOrderId, RedeemedOrderAmount, RedeemedDiscount) = (storeId, channel, orderId, orderAmount, discount);
        (RedeemedById, RedeemedByName, RedeemedAtUtc, RedeemRequestId) = (byId, byName, atUtc, requestId);
    }

    /// <summary>Taken back by staff with a reason. Only an issued coupon can be.</summary>
    public void Void(string reason, string? byId, string byName, DateTime atUtc)
    {
        Ensure(CouponStatus.Voided);
        (VoidReason, VoidedById, VoidedByName, VoidedAtUtc) = (reason, byId, byName, atUtc);
    }

    /// <summary>Its last valid day has ended. Only an issued coupon can expire.</summary>
    public void Expire() => Ensure(CouponStatus.Expired);

    private void Ensure(CouponStatus next)
    {
        if (Status != CouponStatus.Issued)
            throw new InvalidOperationException($"Coupon {Code} is {Status}; only an issued coupon can become {next}.");
        Status = next;
        Version++;
    }
}
