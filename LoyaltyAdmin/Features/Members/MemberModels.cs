using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

public sealed record MemberQuery(
    string? Search = null, string? TierCode = null, int? StoreId = null, DateOnly? JoinedFrom = null, DateOnly? JoinedTo = null,
    string? SortBy = null, bool Descending = false, int Page = 0, int PageSize = 25);

public sealed record MemberRow(
    long Id, string Phone, string Name, string TierCode, long Points, long Growth, DateTime JoinedAtUtc, DateTime? LastActivityUtc,
    string? StoreName, MemberStatus Status);

/// <summary>Everything the member page shows at the top: profile, tier with progress, balances.</summary>
public sealed record MemberDetail(
    long Id, string Phone, string Name, DateOnly? Birthday, MemberStatus Status, Channel JoinChannel, DateTime JoinedAtUtc,
    string? HomeStore, string ReferralCode, Tier Tier, DateOnly TierSince, DateOnly? TierValidUntil,
    long Points, long PendingPoints, long Growth, decimal LifetimeSpend, int ActiveDays, int SuccessfulReferrals,
    TierProgress Progress, TierProgress? Retention);

public sealed record LedgerRow(
    long Id, DateTime OccurredAtUtc, PointsEntryKind Kind, PointsSource Source, long Points, long BalanceAfter,
    string? OrderId, string? RuleId, AdjustmentReason? Reason, string? Note, string? OperatorName);

public sealed record TierHistoryRow(DateTime OccurredAtUtc, string? FromTier, string ToTier, TierChangeKind Change, string Reason, DateOnly? ValidUntil);

public sealed record ApprovalRow(
    long Id, long MemberId, string MemberName, string Phone, long Points, AdjustmentReason Reason, string? Note, string RequestedBy, DateTime RequestedAtUtc);
