using LoyaltyAdmin.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class WebhookFeedConfiguration : IEntityTypeConfiguration<WebhookFeed>
{
    public void Configure(EntityTypeBuilder<WebhookFeed> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Holes).IsRequired();
        b.Property(f => f.Version).IsConcurrencyToken();
    }
}
