namespace LoyaltyAdmin.Features.Referrals;

/// <summary>What a campaign's status chip says: the active switch and today's place in the window.</summary>
public enum CampaignState { Inactive, Scheduled, Running, Ended }

/// <summary>Form model of the campaign editor.</summary>
public sealed class ReferralCampaignModel
{
    public long Id { get; set; }
    public string? Name { get; set; }
    public DateTime? StartDate { get; set; }
    public DateTime? EndDate { get; set; }
    public bool Active { get; set; } = true;
    public long RefereePoints { get; set; }
    public long? RefereePackId { get; set; }
    public ReferralRewardStage RefereeStage { get; set; }
    public long ReferrerPoints { get; set; }
    public long? ReferrerPackId { get; set; }
    public ReferralRewardStage ReferrerStage { get; set; }
    public int? MilestoneCount { get; set; }
    public long MilestonePoints { get; set; }
    public long? MilestonePackId { get; set; }
    public int? CapPerReferrer { get; set; }
    public long Version { get; set; }
}

public sealed record ReferralCampaignRow(
    long Id, string Name, DateOnly StartDate, DateOnly EndDate, CampaignState State, long RefereePoints, string? RefereePack, ReferralRewardStage RefereeStage,
    long ReferrerPoints,
    string? ReferrerPack, ReferralRewardStage ReferrerStage, int? MilestoneCount, long MilestonePoints, string? MilestonePack, int? CapPerReferrer,
    int Referrals, int Rewarded, long Version);

/// <summary>A coupon pack a campaign can give.</summary>
public sealed record PackOption(long Id, string Name);

/// <summary>
/// A campaign's funnel: referral links opened (reported by the mini-program or app through the API), registrations that
/// arrived with a member's code, first orders, rewards.
/// </summary>
public sealed record ReferralFunnel(long LinkUses, int Registrations, int RefereesRewarded, int FirstOrders, int ReferrersRewarded, int Milestones,
    IReadOnlyDictionary<ReferralRejection, int> Rejected);

public sealed record TopReferrerRow(long MemberId, string Name, string Phone, int Referrals, int FirstOrders, int Rewarded);

public sealed record ReferralCampaignDetail(ReferralCampaignRow Campaign, ReferralFunnel Funnel, IReadOnlyList<TopReferrerRow> TopReferrers);

/// <summary>One referral as the member page shows it: the other member, the campaign and how it went.</summary>
public sealed record MemberReferralRow(long MemberId, string Name, string Phone, string? CampaignName, ReferralStatus Status,
    ReferralRejection? RejectedReason, DateTime RegisteredAtUtc, DateTime? FirstOrderAtUtc);

public sealed record MemberReferralsView(MemberReferralRow? ReferredBy, IReadOnlyList<MemberReferralRow> Referred, int ReferredTotal);
