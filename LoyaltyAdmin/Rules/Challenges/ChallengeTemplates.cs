namespace LoyaltyAdmin.Rules;

/// <summary>Ready-made challenges the console starts from; each returns the challenges and the badges they award.</summary>
public static class ChallengeTemplates
{
    /// <summary>Template keys, in the order the console lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["new-member", "buy-three", "monthly-spend", "check-in-week", "store-explorer"];

    /// <summary>The template's challenges and badges; <paramref name="today"/> (merchant-local) dates windowed ones; ids get <paramref name="suffix"/>.</summary>
    public static (IReadOnlyList<Challenge> Challenges, IReadOnlyList<Badge> Badges) Create(string key, DateOnly today, string suffix = "")
    {
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var monthEnd = monthStart.AddMonths(1).AddDays(-1);
        return key switch
        {
            "new-member" =>
            (
                [
                    Task($"first-purchase{suffix}", new("First purchase", "首次消费"), ChallengeGoal.Purchases, 50),
                    Task($"profile-completed{suffix}", new("Complete your profile", "完善个人资料"), ChallengeGoal.ProfileCompleted, 20),
                    Task($"first-check-in{suffix}", new("First check-in", "首次签到"), ChallengeGoal.CheckInDays, 10, "newcomer"),
                ],
                [new Badge { Code = "newcomer", Name = new("Newcomer", "新人"), Description = new("Finished the first tasks", "完成新人任务"), Icon = BadgeIcons.Rocket }]
            ),
            "buy-three" =>
            (
                [new Challenge
                {
                    Id = $"buy-three{suffix}", Name = new("Buy 3 times this month", "本月消费 3 次"), Goal = ChallengeGoal.Purchases,
                    Period = ChallengePeriod.Window, ActiveFrom = monthStart, ActiveTo = monthEnd,
                    Stages = [new ChallengeStage { Target = 3, Points = 0, CouponPack = "¥10 off", Badge = "regular" }],
                }],
                [new Badge { Code = "regular", Name = new("Regular", "常客"), Description = new("Bought 3 times in a month", "一个月内消费 3 次"), Icon = BadgeIcons.Coffee }]
            ),
            "monthly-spend" =>
            (
                [new Challenge
                {
                    Id = $"monthly-spend{suffix}", Name = new("Monthly spend", "每月消费"), Goal = ChallengeGoal.Spend, Period = ChallengePeriod.Monthly,
                    Repeat = ChallengeRepeat.EachPeriod,
                    Stages = [new ChallengeStage { Target = 200, Points = 50 }, new ChallengeStage { Target = 500, Points = 150 }],
                }],
                []
            ),
            "check-in-week" =>
            (
                [new Challenge
                {
                    Id = $"check-in-week{suffix}", Name = new("Check in 5 days a week", "每周签到 5 天"), Goal = ChallengeGoal.CheckInDays,
                    Period = ChallengePeriod.Weekly, Repeat = ChallengeRepeat.EachPeriod,
                    Stages = [new ChallengeStage { Target = 3, Points = 10 }, new ChallengeStage { Target = 5, Points = 30 }],
                }],
                []
            ),
            "store-explorer" =>
            (
                [new Challenge
                {
                    Id = $"store-explorer{suffix}", Name = new("Visit 3 stores", "打卡 3 家门店"), Goal = ChallengeGoal.DistinctStores,
                    Period = ChallengePeriod.Monthly, Stages = [new ChallengeStage { Target = 3, Points = 100, Badge = "explorer" }],
                }],
                [new Badge { Code = "explorer", Name = new("Explorer", "探店达人"), Description = new("Visited 3 stores", "到访 3 家门店"), Icon = BadgeIcons.Store }]
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown challenge template."),
        };
    }

    private static Challenge Task(string id, LocalizedText name, ChallengeGoal goal, long points, string? badge = null) => new()
    {
        Id = id, Name = name, Goal = goal, Period = ChallengePeriod.Monthly, Repeat = ChallengeRepeat.Once,
        Stages = [new ChallengeStage { Target = 1, Points = points, Badge = badge }],
    };
}
