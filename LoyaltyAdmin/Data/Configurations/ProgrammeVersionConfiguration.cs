using LoyaltyAdmin.Features.Programme;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class ProgrammeVersionConfiguration : IEntityTypeConfiguration<ProgrammeVersion>
{
    public void Configure(EntityTypeBuilder<ProgrammeVersion> b)
    {
        b.Property(p => p.Json).IsRequired();
        b.HasIndex(p => p.ValidFromUtc);
        b.Property(p => p.CreatedBy).HasMaxLength(256);
        b.Property(p => p.Note).HasMaxLength(500);
    }
}
