using LoyaltyAdmin.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Url).HasMaxLength(WebhookService.UrlMaxLength).IsRequired();
        b.Property(e => e.Description).HasMaxLength(WebhookService.DescriptionMaxLength).IsRequired();
        b.Property(e => e.EventTypes).HasMaxLength(1000).IsRequired();
        b.Property(e => e.ProtectedSecret).IsRequired();
        b.Property(e => e.CreatedBy).HasMaxLength(256);
        b.Property(e => e.DisabledReason).HasConversion<string>().HasMaxLength(16);
    }
}
