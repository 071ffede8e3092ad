using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>One running challenge as a member sees it, in one language.</summary>
public sealed record MemberChallengeView(
    string Id, string Name, string? Description, ChallengeGoal Goal, ChallengePeriod Period, DateOnly PeriodStart, DateOnly PeriodEnd,
    decimal Progress, decimal Target, int StagesReached, IReadOnlyList<ChallengeStageView> Stages, bool Completed, int DaysLeft, DateTime EndsAtUtc);

/// <summary>A stage and its rewards; <paramref name="BadgeName"/> in the view's language.</summary>
public sealed record ChallengeStageView(int Number, decimal Target, long Points, string? CouponPack, string? Badge, string? BadgeName, bool Reached);

/// <summary>A badge a member holds, in one language.</summary>
public sealed record MemberBadgeView(string Code, string Name, string? Description, string Icon, BadgeSource Source, string? ChallengeId, string? Reason,
    DateTime AwardedAtUtc);

/// <summary>A challenge's funnel in one period: members who made progress, reached the first stage, completed it.</summary>
public sealed record ChallengeFunnelRow(DateOnly PeriodStart, DateOnly PeriodEnd, int Participants, int FirstStage, int Completed);

/// <summary>A challenge as the Challenges page lists it.</summary>
public sealed record ChallengeListItem(Challenge Challenge, int Participants, int Completed);

public enum BadgeAwardStatus { Awarded, AlreadyHeld, UnknownBadge, MemberNotFound, ReasonRequired }
