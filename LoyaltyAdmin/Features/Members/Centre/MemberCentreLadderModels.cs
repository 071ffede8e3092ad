using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LoyaltyAdmin.Features.Members.Centre;

[Description("The check-in calendar (签到日历) of one month, today's state, the streak and the next streak bonus.")]
public sealed record CheckInCalendarResponse(
    [property: Description("The language of every text in this response: en or zh-Hans."), Example("zh-Hans"), AllowedValues("en", "zh-Hans")] string Language,
    [property: Description("The month shown, yyyy-MM."), Example("2026-12")] string Month,
    [property: Description("The merchant days of the month the member checked in on, in order."), Example(new[] { "2026-12-01", "2026-12-02", "2026-12-03" })]
    IReadOnlyList<DateOnly> Days,
    [property: Description("Today in the merchant's time zone."), Example("2026-12-03")] DateOnly Today,
    [property: Description("Whether the member has checked in today."), Example(true)] bool CheckedInToday,
    [property: Description("Whether the programme has an active check-in rule; when false nothing is awarded for checking in."), Example(true)] bool Enabled,
    [property: Description("Points one check-in earns before bonuses and multipliers; null when check-in is not offered."), Example(5)] long? PointsPerCheckIn,
    [property: Description("Consecutive days checked in up to today (or yesterday, while today is still open); 0 once a day was missed."), Example(3)] int Streak,
    [property: Description("The streak bonus to come if the member checks in every day; null when none is left.")] NextStreakBonus? NextBonus,
    [property: Description("One sentence for the top of the screen."), Example("Checked in 3 days in a row. 4 more check-ins to the 7-day bonus.")] string Text);

[Description("The next streak bonus of the check-in rule.")]
public sealed record NextStreakBonus(
    [property: Description("The streak length that earns it."), Example(7)] int StreakDays,
    [property: Description("Extra points that day."), Example(50)] long BonusPoints,
    [property: Description("Multiplier of that day's check-in points (1 = none)."), Example(1)] decimal DayMultiplier,
    [property: Description("Check-ins still needed, counting the one that earns it."), Example(4)] int CheckInsToGo,
    [property: Description("The merchant day it is earned on when the member checks in every day from today."), Example("2026-12-07")] DateOnly OnDay,
    [property: Description("The bonus as the member reads it."), Example("7 days in a row: +50 points")] string Text);

[Description("The member's invitations (邀请有礼): code and link, friends, rewards, the running campaign and one page of friends.")]
public sealed record ReferralsResponse(
    [property: Description("The language of every text in this response: en or zh-Hans."), Example("en"), AllowedValues("en", "zh-Hans")] string Language,
    [property: Description("The member's referral code; a friend registers with it (referralCode of POST /members)."), Example("K7Q2M9XW")] string Code,
    [property: Description("The merchant's invitation link with the code (setting MemberCentre:ReferralLink); null when not configured."),
        Example("https://m.teashop.cn/invite?code=K7Q2M9XW")] string? Link,
    [property: Description("Friends who registered with the code, those with a first order, and those the member was rewarded for.")] ReferralCounts Friends,
    [property: Description("What inviting has earned the member so far.")] ReferralRewardsEarned Rewards,
    [property: Description("The campaign running today; null when none runs.")] ReferralCampaignSummary? Campaign,
    [property: Description("Friends, the most recent first (one page); phones are masked.")] IReadOnlyList<ReferredFriend> Items,
    [property: Description("Pass as cursor to read the next page of friends; null on the last page."), Example("MC4xMjM0")] string? NextCursor);

[Description("How the member's invitations went.")]
public sealed record ReferralCounts(
    [property: Description("Friends who registered with the member's code (invitations are counted when the friend registers)."), Example(5)] int Registered,
    [property: Description("Of them, friends who completed a first order."), Example(3)] int FirstOrders,
    [property: Description("Friends the member was rewarded for."), Example(3)] int Rewarded);

[Description("Rewards earned by inviting friends.")]
public sealed record ReferralRewardsEarned(
    [property: Description("Points from referral campaigns and referral rules."), Example(600)] long Points,
    [property: Description("Coupons received for inviting."), Example(2)] int Coupons);

[Description("The referral campaign running today, as the member reads it.")]
public sealed record ReferralCampaignSummary(
    [property: Description("The campaign's name, as the merchant wrote it."), Example("Spring invite")] string Name,
    [property: Description("Its last merchant day."), Example("2026-12-31")] DateOnly EndsOn,
    [property: Description("What a friend gets for registering with the code."), Example("Your friend gets 100 points and the Welcome pack.")] string FriendGets,
    [property: Description("What the member gets per friend."), Example("You get 200 points when your friend completes a first order.")] string YouGet,
    [property: Description("The campaign's milestone still to reach; null when there is none or it was reached.")] ReferralMilestone? NextMilestone);

[Description("A milestone of the running campaign: a reward on the N-th rewarded friend.")]
public sealed record ReferralMilestone(
    [property: Description("Rewarded friends it needs."), Example(5)] int Friends,
    [property: Description("Friends still to be rewarded."), Example(2)] int FriendsToGo,
    [property: Description("Its points."), Example(500)] long Points,
    [property: Description("Its coupon pack; null for none."), Example("Milestone pack")] string? Pack,
    [property: Description("The milestone as the member reads it."), Example("2 more friends to earn 500 points and the Milestone pack.")] string Text);

[Description("A friend who registered with the member's code.")]
public sealed record ReferredFriend(
    [property: Description("The friend's phone, masked."), Example("139****1700")] string Phone,
    [property: Description("When the friend registered (UTC)."), Example("2026-11-20T09:30:00Z")] DateTime RegisteredAtUtc,
    [property: Description("When the friend completed a first order (UTC); null before."), Example("2026-11-22T12:00:00Z")] DateTime? FirstOrderAtUtc,
    [property: Description("registered (the member's reward is still to come), rewarded or not_rewarded."), Example("rewarded"), AllowedValues("registered", "rewarded", "not_rewarded")] string Status,
    [property: Description("The status as the member reads it."), Example("Rewarded")] string StatusText);

[Description("The tier ladder (会员等级): every tier with how to reach it and what it gives, the member's place, progress and what keeps the tier.")]
public sealed record TierLadderResponse(
    [property: Description("The language of every text in this response: en or zh-Hans."), Example("zh-Hans"), AllowedValues("en", "zh-Hans")] string Language,
    [property: Description("The member's tier code."), Example("silver")] string Tier,
    [property: Description("The merchant day the member reached (or last kept) it."), Example("2026-06-01")] DateOnly TierSince,
    [property: Description("Its last merchant day; null when it never ends."), Example("2027-05-31")] DateOnly? TierValidUntil,
    [property: Description("Every tier, lowest first.")] IReadOnlyList<TierStep> Tiers,
    [property: Description("What is missing to reach the next tier.")] TierProgressDetail Progress,
    [property: Description("What keeps the current tier when its validity ends.")] TierRetentionDetail Retention);

[Description("One tier of the ladder.")]
public sealed record TierStep(
    [property: Description("The tier's code."), Example("gold")] string Code,
    [property: Description("Its name, as the merchant wrote it."), Example("Gold")] string Name,
    [property: Description("Its badge colour."), Example("#D4AF37")] string Colour,
    [property: Description("Its rank; higher is better."), Example(3)] int Order,
    [property: Description("Whether it is the member's tier."), Example(false)] bool Current,
    [property: Description("Whether the member's tier is this one or above."), Example(false)] bool Reached,
    [property: Description("Entry conditions, any one of which is enough; empty for the first tier.")] IReadOnlyList<TierConditionResponse> Entry,
    [property: Description("How to reach it, as the member reads it."), Example("spend ¥1,000 or invite 3 friends")] string EntryText,
    [property: Description("What it gives.")] TierBenefitsResponse Benefits,
    [property: Description("Months it lasts before the retention conditions are checked; null when it never ends."), Example(12)] int? ValidityMonths,
    [property: Description("Conditions (any one) that keep it when its validity ends; empty when it is always kept.")] IReadOnlyList<TierConditionResponse> Retention,
    [property: Description("How to keep it, as the member reads it."), Example("kept for 12 months if spend ¥500")] string RetentionText);

[Description("A condition of a tier.")]
public sealed record TierConditionResponse(
    [property: Description("spend (since joining), rolling_spend (in the programme's window), growth_value, active_days or referrals."), Example("spend"), AllowedValues("spend", "rolling_spend", "growth_value", "active_days", "referrals")] string Kind,
    [property: Description("The value to reach (money for spend)."), Example(1000)] decimal Threshold,
    [property: Description("The condition as the member reads it."), Example("spend ¥1,000")] string Text);

[Description("A tier's benefits.")]
public sealed record TierBenefitsResponse(
    [property: Description("Points multiplier on rules that use it."), Example(1.5)] decimal PointsMultiplier,
    [property: Description("Price factor (0.95 = 5% off); null for none."), Example(0.95)] decimal? DiscountRate,
    [property: Description("The birthday gift, as the merchant wrote it; null for none."), Example("A free cake")] string? BirthdayGift,
    [property: Description("Free shipping on orders."), Example(true)] bool FreeShipping,
    [property: Description("Priority service in stores and support."), Example(false)] bool PriorityService,
    [property: Description("Every benefit as a line the member reads (the merchant's own lines as written)."), Example(new[] { "Earn ×1.5 points", "5% off", "Free shipping" })]
    IReadOnlyList<string> Texts);

[Description("Progress to the next tier: any one condition is enough.")]
public sealed record TierProgressDetail(
    [property: Description("The next tier's code; null at the top."), Example("gold")] string? NextTier,
    [property: Description("How far the best-placed condition is, 0–100."), Example(60)] int Percent,
    [property: Description("Each entry condition of the next tier.")] IReadOnlyList<ConditionProgressResponse> Conditions,
    [property: Description("The whole as the member reads it."), Example("spend ¥400 more or 2 more referrals to reach Gold")] string Text);

[Description("What keeps the current tier when its validity ends: any one condition is enough.")]
public sealed record TierRetentionDetail(
    [property: Description("The tier's last merchant day; null when it never ends."), Example("2027-05-31")] DateOnly? ValidUntil,
    [property: Description("Whether the tier is kept whatever happens (no retention condition, or it never ends)."), Example(false)] bool AlwaysKept,
    [property: Description("Whether a retention condition is already met."), Example(false)] bool Met,
    [property: Description("Each retention condition.")] IReadOnlyList<ConditionProgressResponse> Conditions,
    [property: Description("The whole as the member reads it."), Example("spend ¥120 more to keep Silver")] string Text);

[Description("Where the member stands on one condition.")]
public sealed record ConditionProgressResponse(
    [property: Description("spend, rolling_spend, growth_value, active_days or referrals."), Example("spend"), AllowedValues("spend", "rolling_spend", "growth_value", "active_days", "referrals")] string Kind,
    [property: Description("The value to reach."), Example(1000)] decimal Threshold,
    [property: Description("The member's value now."), Example(600)] decimal Current,
    [property: Description("What is still missing; 0 when met."), Example(400)] decimal Missing,
    [property: Description("Whether it is met."), Example(false)] bool Met,
    [property: Description("The line as the member reads it."), Example("spend ¥400 more")] string Text);
