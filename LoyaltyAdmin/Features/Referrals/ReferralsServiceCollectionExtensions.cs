using LoyaltyAdmin.Features.Members;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyAdmin.Features.Referrals;

public static class ReferralsServiceCollectionExtensions
{
    /// <summary>Referral campaigns: the ledger reaction that records referrals and rewards them, and the screens' service.</summary>
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddSingleton<ReferralCampaignService>();
        services.AddSingleton<ReferralRewards>();
        services.TryAddSingleton<Privacy.PhoneHasher>();
        services.AddSingleton<ILedgerReaction, ReferralReaction>();
        services.AddTransient<ReferralDemo>();
        return services;
    }

    /// <summary>The catch-up of pending referrer rewards in the background (tests run it by hand).</summary>
    public static IServiceCollection AddReferralJobs(this IServiceCollection services) => services.AddHostedService<ReferralRewardsHostedService>();
}
