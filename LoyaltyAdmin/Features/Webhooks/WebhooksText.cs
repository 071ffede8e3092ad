namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>Marker type for the webhooks feature's strings (WebhooksText.resx, WebhooksText.zh-Hans.resx).</summary>
public sealed class WebhooksText;
