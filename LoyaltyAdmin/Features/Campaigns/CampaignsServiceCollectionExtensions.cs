namespace LoyaltyAdmin.Features.Campaigns;

public static class CampaignsServiceCollectionExtensions
{
    /// <summary>Segments, automations (with their scheduler) and their measured lift.</summary>
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.AddSingleton<SegmentService>();
        services.AddSingleton<AutomationRunner>();
        services.AddSingleton<AutomationService>();
        services.AddSingleton<AutomationScheduler>();
        services.AddSingleton<LiftService>();
        services.AddHostedService<AutomationSchedulerHostedService>();
        return services;
    }
}
