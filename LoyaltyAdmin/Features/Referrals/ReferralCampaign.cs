namespace LoyaltyAdmin.Features.Referrals;

/// <summary>When a side of a referral (the invited friend, the inviting member) gets its reward for one friend.</summary>
public enum ReferralRewardStage
{
    /// <summary>As soon as the friend registers with the code.</summary>
    Registration,

    /// <summary>When the friend completes a first order after registering, within the campaign's window.</summary>
    FirstOrder,

    /// <summary>The reward at each of the two stages.</summary>
    Both,
}

public static class ReferralRewardStages
{
    public static bool OnRegistration(this ReferralRewardStage stage) => stage is ReferralRewardStage.Registration or ReferralRewardStage.Both;

    public static bool OnFirstOrder(this ReferralRewardStage stage) => stage is ReferralRewardStage.FirstOrder or ReferralRewardStage.Both;
}

/// <summary>
/// A referral campaign (邀请有礼): what the invited friend gets on registering, what the inviting member gets per friend and
/// on reaching a number of friends, within merchant-local dates. Only one active campaign may run on any day, so a
/// registration never has to choose between two.
/// </summary>
public sealed class ReferralCampaign
{
    public long Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>First merchant-local day, inclusive.</summary>
    public DateOnly StartDate { get; set; }

    /// <summary>Last merchant-local day, inclusive.</summary>
    public DateOnly EndDate { get; set; }

    public bool Active { get; set; }

    /// <summary>Points the friend gets at <see cref="RefereeStage"/>.</summary>
    public long RefereePoints { get; set; }

    /// <summary>Coupon pack the friend gets at <see cref="RefereeStage"/>.</summary>
    public long? RefereePackId { get; set; }

    /// <summary>When the friend gets the reward: on registering with a code, on the first order, or both.</summary>
    public ReferralRewardStage RefereeStage { get; set; }

    /// <summary>Points the inviting member gets per rewarded friend.</summary>
    public long ReferrerPoints { get; set; }

    public long? ReferrerPackId { get; set; }

    /// <summary>When the inviting member gets the reward for a friend: the friend's registration, first order, or both.</summary>
    public ReferralRewardStage ReferrerStage { get; set; }

    /// <summary>The inviting member's extra reward on his N-th rewarded friend; null for none.</summary>
    public int? MilestoneCount { get; set; }

    public long MilestonePoints { get; set; }

    public long? MilestonePackId { get; set; }

    /// <summary>At most this many friends are rewarded per inviting member; null for no limit.</summary>
    public int? CapPerReferrer { get; set; }

    /// <summary>Times a member's referral link was opened while the campaign ran, as the mini-program or app reports them.</summary>
    public long LinkUses { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    /// <summary>App-managed concurrency token: two editors cannot both save over each other.</summary>
    public long Version { get; set; }

    public bool Covers(DateOnly day) => day >= StartDate && day <= EndDate;
}

public enum ReferralStatus
{
    /// <summary>The friend registered; the inviting member's reward is still to come.</summary>
    Registered,

    /// <summary>The inviting member was rewarded for this friend.</summary>
    Qualified,

    Rejected,
}

public enum ReferralRejection { SelfReferral, CapReached, OutsideWindow }

/// <summary>
/// One friend who registered with a member's code. The friend's phone is unique over all referrals: a phone number is
/// referred once, ever. <see cref="CampaignId"/> is null when no campaign ran that day (the programme's referral rule
/// still rewards the inviting member).
/// </summary>
public sealed class Referral
{
    public long Id { get; set; }
    public long? CampaignId { get; set; }
    public long ReferrerId { get; set; }
    public long RefereeId { get; set; }
    /// <summary>The friend's phone; once the friend is erased, its salted hash (<see cref="Privacy.PhoneHasher"/>), so the number stays referred.</summary>
    public string RefereePhone { get; set; } = "";
    public DateTime RegisteredAtUtc { get; set; }
    public DateTime? FirstOrderAtUtc { get; set; }
    public string? FirstOrderId { get; set; }
    public ReferralStatus Status { get; set; }
    public ReferralRejection? RejectedReason { get; set; }

    /// <summary>The friend's own reward (points, coupons) was given with the registration.</summary>
    public bool RefereeRewarded { get; set; }

    /// <summary>The friend's own reward was given with the first order.</summary>
    public bool RefereeFirstOrderRewarded { get; set; }

    public DateTime? QualifiedAtUtc { get; set; }

    /// <summary>This friend was the inviting member's milestone (his N-th) and the milestone reward was given.</summary>
    public bool MilestoneRewarded { get; set; }
}

/// <summary>
/// A reward the inviting member is owed, written in the friend's transaction and applied in the inviting member's own
/// ledger operation right after it; the catch-up applies whatever a crash left pending. <see cref="Key"/> is the
/// ledger's idempotency key, so applying it twice rewards once.
/// </summary>
public sealed class ReferralRewardTask
{
    public long Id { get; set; }
    public long ReferralId { get; set; }
    public Referral? Referral { get; set; }
    public long ReferrerId { get; set; }

    /// <summary><c>referral:{campaignId}:{refereeId}:{stage}</c>.</summary>
    public string Key { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
    public DateTime? DoneAtUtc { get; set; }
}
