namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// <c>Bootstrap:WebhookUrl</c> + <c>Bootstrap:WebhookSecret</c>: an automated deployment gets an endpoint subscribed to every
/// event at first start. Runs after the migrations.
/// </summary>
public sealed class WebhookBootstrapper(IConfiguration configuration, WebhookService webhooks, ILogger<WebhookBootstrapper> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = configuration["Bootstrap:WebhookUrl"]?.Trim();
        var secret = configuration["Bootstrap:WebhookSecret"]?.Trim();
        if (string.IsNullOrEmpty(url))
            return;
        if (string.IsNullOrEmpty(secret))
            throw new InvalidOperationException("Bootstrap:WebhookUrl is set but Bootstrap:WebhookSecret is empty.");
        if (await webhooks.BootstrapAsync(url, secret, cancellationToken))
            logger.LogInformation("Created the bootstrap webhook endpoint {Url}", url);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
