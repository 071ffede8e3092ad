namespace LoyaltyAdmin.Features.Catalogue;

public static class CatalogueServiceCollectionExtensions
{
    /// <summary>The redemption catalogue (积分商城): items and redemptions through the points ledger.</summary>
    public static IServiceCollection AddCatalogue(this IServiceCollection services)
    {
        services.AddSingleton<CatalogueService>();
        services.AddSingleton<RedemptionService>();
        services.AddSingleton<PointsPaymentService>();
        return services;
    }
}
