using LoyaltyAdmin.Features.Campaigns;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class SavedSegmentConfiguration : IEntityTypeConfiguration<SavedSegment>
{
    public void Configure(EntityTypeBuilder<SavedSegment> b)
    {
        b.ToTable("Segments");
        b.Property(s => s.Name).HasMaxLength(100).IsRequired();
        b.Property(s => s.BuiltInKey).HasMaxLength(32);
        b.Property(s => s.Definition).IsRequired();
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasIndex(s => s.BuiltInKey).IsUnique();
    }
}

public sealed class AutomationConfiguration : IEntityTypeConfiguration<Automation>
{
    public void Configure(EntityTypeBuilder<Automation> b)
    {
        b.Property(a => a.Name).HasMaxLength(100).IsRequired();
        b.Property(a => a.Schedule).HasMaxLength(64);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(a => a.Version).IsConcurrencyToken();
    }
}

public sealed class AutomationGrantConfiguration : IEntityTypeConfiguration<AutomationGrant>
{
    public void Configure(EntityTypeBuilder<AutomationGrant> b)
    {
        // Idempotent per (automation, member, period).
        b.HasIndex(g => new { g.AutomationId, g.MemberId, g.Period }).IsUnique();
        b.HasIndex(g => new { g.AutomationId, g.Period });
    }
}
