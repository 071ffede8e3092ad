namespace LoyaltyAdmin.Features.Notices;

public static class NoticesServiceCollectionExtensions
{
    /// <summary>Member notices: the daily step that schedules them, the publisher (every minute in the background) and the page's service.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddSingleton<NoticeSettingsStore>();
        services.AddSingleton<NoticeCandidates>();
        services.AddSingleton<NoticeScheduler>();
        services.AddSingleton<Jobs.IDailyStep>(sp => sp.GetRequiredService<NoticeScheduler>());
        services.AddSingleton<NoticePublisher>();
        services.AddSingleton<NoticeService>();
        services.AddHostedService<NoticePublisherHostedService>();
        return services;
    }
}
