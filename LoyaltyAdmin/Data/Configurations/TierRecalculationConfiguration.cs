using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Tiers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class TierRecalculationConfiguration : IEntityTypeConfiguration<TierRecalculation>
{
    public void Configure(EntityTypeBuilder<TierRecalculation> b)
    {
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.RequestedBy).HasMaxLength(256).IsRequired();
        b.Property(r => r.Error).HasMaxLength(500);
        b.Ignore(r => r.IsActive);
        b.HasIndex(r => r.Status);
        b.HasOne<ProgrammeVersion>().WithMany().HasForeignKey(r => r.VersionId).OnDelete(DeleteBehavior.Restrict);
    }
}
