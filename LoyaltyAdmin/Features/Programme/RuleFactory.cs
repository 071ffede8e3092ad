using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>New rules with sensible starting values from the product card, and the editors' paths.</summary>
public static class RuleFactory
{
    public static IReadOnlyList<ActivityType> Kinds { get; } =
    [
        ActivityType.Purchase, ActivityType.Registration, ActivityType.ProfileCompleted, ActivityType.CheckIn,
        ActivityType.Share, ActivityType.Review, ActivityType.Birthday, ActivityType.Referral,
    ];

    public static EarningRule Create(ActivityType kind, IReadOnlySet<string> takenIds, string name, int priority)
    {
        var id = UniqueId(kind.ToString().ToLowerInvariant(), takenIds);
        return kind switch
        {
            ActivityType.Purchase => new PurchaseRule { Id = id, Name = name, Priority = priority, CurrencyPerPoint = 1m },
            ActivityType.Registration => new RegistrationRule { Id = id, Name = name, Priority = priority, Points = 100 },
            ActivityType.ProfileCompleted => new ProfileCompletedRule { Id = id, Name = name, Priority = priority, Points = 50 },
            ActivityType.CheckIn => new CheckInRule { Id = id, Name = name, Priority = priority, Points = 5, StreakBonuses = [new StreakBonus(7, 50)] },
            ActivityType.Share => new ShareRule { Id = id, Name = name, Priority = priority, Points = 50 },
            ActivityType.Review => new ReviewRule { Id = id, Name = name, Priority = priority, Points = 20 },
            ActivityType.Birthday => new BirthdayRule { Id = id, Name = name, Priority = priority, Points = 100 },
            _ => new ReferralRule { Id = id, Name = name, Priority = priority, Points = 200 },
        };
    }

    public static string UniqueId(string stem, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(stem))
            return stem;
        for (var n = 2; ; n++)
        {
            if (!taken.Contains($"{stem}-{n}"))
                return $"{stem}-{n}";
        }
    }
}

/// <summary>The validator's path of a rule or promotion: by id, or by position while it has none.</summary>
public static class ProgrammePaths
{
    public static string Rule(string collection, string? id, int index) =>
        string.IsNullOrWhiteSpace(id) ? $"{collection}[#{index}]" : $"{collection}[{id}]";
}
