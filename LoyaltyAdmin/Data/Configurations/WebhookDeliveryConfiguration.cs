using LoyaltyAdmin.Features.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.HasKey(d => d.Id);
        b.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        b.Property(d => d.EventType).HasMaxLength(48).IsRequired();
        b.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(200);
        b.Property(d => d.LastResponse).HasMaxLength(WebhookSender.ExcerptLength);
        b.Property(d => d.LeasedBy).HasMaxLength(128);
        // An event is queued once per endpoint, whichever instance reads the outbox first.
        b.HasIndex(d => new { d.EndpointId, d.Sequence }).IsUnique().HasFilter("Sequence IS NOT NULL");
        // What is due next; and a member's deliveries in the order they must arrive.
        b.HasIndex(d => new { d.Status, d.NextAttemptAtUtc });
        b.HasIndex(d => new { d.EndpointId, d.MemberId, d.Status, d.Sequence });
        // The log: an endpoint's deliveries by business time.
        b.HasIndex(d => new { d.EndpointId, d.OccurredAtUtc });
    }
}
