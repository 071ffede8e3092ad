using LoyaltyAdmin.Features.Members;

namespace LoyaltyAdmin.Features.Challenges;

public static class ChallengesServiceCollectionExtensions
{
    /// <summary>Challenges and badges: the ledger reaction that moves progress in the activity's write, and the screens' services.</summary>
    public static IServiceCollection AddChallenges(this IServiceCollection services)
    {
        services.AddSingleton<ILedgerReaction, ChallengeReaction>();
        services.AddSingleton<ChallengeService>();
        services.AddScoped<ChallengeEditor>();
        services.AddSingleton<BadgeService>();
        return services;
    }
}
