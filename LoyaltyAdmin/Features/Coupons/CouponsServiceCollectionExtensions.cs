using LoyaltyAdmin.Features.Members;

namespace LoyaltyAdmin.Features.Coupons;

public static class CouponsServiceCollectionExtensions
{
    /// <summary>The coupons feature: the issuer other features call inside their own transactions, the ledger reaction and the screens' services.</summary>
    public static IServiceCollection AddCoupons(this IServiceCollection services)
    {
        services.AddSingleton<CouponIssuer>();
        services.AddSingleton<ILedgerReaction, CouponReactions>();
        services.AddSingleton<CouponService>();
        services.AddSingleton<CouponIssueService>();
        services.AddSingleton<CouponListService>();
        services.AddSingleton<CouponWriteOff>();
        return services;
    }
}
