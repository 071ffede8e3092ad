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
        services.AddSingleton<Jobs.IDailyStep, CouponExpiryStep>();
        return services;
    }

    /// <summary>The daily run expires coupons whose last valid day has ended.</summary>
    private sealed class CouponExpiryStep(CouponIssueService coupons) : Jobs.IDailyStep
    {
        public Task RunAsync(DateOnly day, CancellationToken ct) => coupons.ExpireAsync(day, ct);
    }
}
