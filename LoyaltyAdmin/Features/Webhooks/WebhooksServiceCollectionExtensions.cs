using LoyaltyAdmin.Features.Jobs;

namespace LoyaltyAdmin.Features.Webhooks;

public static class WebhooksServiceCollectionExtensions
{
    /// <summary>Endpoints, the outbox reader, the dispatcher (in the background unless <c>Webhooks:Background</c> is off), the log.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration("Webhooks");
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookFeedReader>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton<WebhookLog>();
        services.AddSingleton<IDailyStep, WebhookLogCleanup>();
        services.AddHostedService<WebhookBootstrapper>();
        services.AddHostedService<WebhookBackgroundService>();
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = WebhookSender.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // Redirects are answers, not instructions: following one could lead a delivery inward.
                AllowAutoRedirect = false,
                ConnectCallback = sp.GetRequiredService<WebhookAddressGuard>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                MaxConnectionsPerServer = 256,
                UseCookies = false,
            })
            .RemoveAllLoggers(); // the delivery log records every attempt; a log line each would drown the rest
        return services;
    }
}
