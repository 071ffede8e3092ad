using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> b)
    {
        b.ToTable("OutboxEvents");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedOnAdd();
        b.Property(e => e.Type).HasMaxLength(48).IsRequired();
        b.Property(e => e.Payload).IsRequired();
        // A member's history newest first, and the per-member order deliveries keep.
        b.HasIndex(e => new { e.MemberId, e.Sequence });
    }
}
