using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// What a report covers: merchant months <see cref="FromMonth"/>..<see cref="ToMonth"/> (yyyymm), optionally one home
/// store, one purchase channel and one tier (the tier held at the month's first purchase; the distribution: the tier
/// now). Retention and repurchase honour every filter; points and tier movements honour the store (they are kept per
/// month, kind and store).
/// </summary>
public sealed record ReportFilter(int FromMonth, int ToMonth, int? StoreId = null, Channel? Channel = null, string? TierCode = null)
{
    public static ReportFilter Month(int month) => new(month, month);

    /// <summary>A new start month; the end moves with it rather than leaving an empty range.</summary>
    public ReportFilter WithFrom(int month) => this with { FromMonth = month, ToMonth = Math.Max(month, ToMonth) };

    /// <summary>A new end month; the start moves with it rather than leaving an empty range.</summary>
    public ReportFilter WithTo(int month) => this with { ToMonth = month, FromMonth = Math.Min(month, FromMonth) };
}

public enum ReportKind { Retention, Repurchase, Points, Tiers, Campaigns, Consent }

/// <summary>A figure of the chosen month beside the month before.</summary>
public sealed record Kpi(decimal Value, decimal Previous)
{
    public decimal Delta => Value - Previous;
}

public sealed record MonthCount(int Month, long Value);

public sealed record TierCount(string TierCode, string TierName, string Colour, long Members, decimal Share);

public sealed record DashboardData(
    int Month, Kpi ActiveMembers, Kpi NewMembers, Kpi RepurchaseRate, Kpi PointsIssued, Kpi PointsRedeemed,
    long Liability, decimal LiabilityMoney, string Currency, IReadOnlyList<TierCount> Tiers,
    IReadOnlyList<MonthCount> ActiveTrend, IReadOnlyList<MonthCount> NewTrend);

public sealed record CohortCell(int Offset, long Active, decimal Rate);

public sealed record CohortRow(int JoinMonth, long Members, IReadOnlyList<CohortCell> Cells);

public sealed record ActiveRetention(int Month, long Active, long PreviousActive, long Retained, decimal Rate);

public sealed record RetentionReport(IReadOnlyList<CohortRow> Cohorts, int Offsets, IReadOnlyList<ActiveRetention> MonthOverMonth);

public sealed record RepurchaseRow(string Label, long Buyers, long Repeat, decimal Rate);

/// <summary>Repurchase rate = members with ≥ 2 purchases in a month / members with ≥ 1; by tier and channel summed over the range's months.</summary>
public sealed record RepurchaseReport(IReadOnlyList<RepurchaseRow> ByMonth, IReadOnlyList<RepurchaseRow> ByTier, IReadOnlyList<RepurchaseRow> ByChannel);

public sealed record PointsMonth(int Month, long Issued, long Redeemed, long Expired, long Adjusted, long Reversed, decimal RedemptionRate,
    long Liability, decimal LiabilityMoney);

public sealed record ExpiryForecast(int Month, long Points, decimal Money);

public sealed record PointsReport(IReadOnlyList<PointsMonth> Months, IReadOnlyList<ExpiryForecast> Expiry, decimal MoneyPerPoint, string Currency);

public sealed record TierMovement(int Month, long Upgrades, long Downgrades, long Kept, long Manual);

public sealed record TierReport(IReadOnlyList<TierCount> Distribution, IReadOnlyList<TierMovement> Movements);

/// <summary>Coupons of one template issued in the period: how many were written off, expired or voided since.</summary>
public sealed record CouponTemplateRate(string Template, long Issued, long Redeemed, long Expired, long Voided, decimal WriteOffRate);

/// <summary>One referral campaign's funnel for friends who registered in the period (links opened: the campaign's whole run).</summary>
public sealed record ReferralFunnelRow(string Campaign, long LinkUses, long Registrations, long FirstOrders, long InvitersRewarded);

public sealed record CampaignReport(IReadOnlyList<CouponTemplateRate> Coupons, IReadOnlyList<ReferralFunnelRow> Referrals);

/// <summary>Members whose consent was last recorded in a month, or through a channel, and how many of them agreed.</summary>
public sealed record ConsentRow(string Label, long Members, long Consenting, decimal Share);

/// <summary>
/// Marketing consent now: members (erased ones aside), how many agreed and how many were never asked; by the month their answer
/// was last recorded (within the period) and by where it was recorded.
/// </summary>
public sealed record ConsentReport(long Members, long Consenting, decimal Share, long NeverAsked, IReadOnlyList<ConsentRow> ByMonth,
    IReadOnlyList<ConsentRow> BySource);
