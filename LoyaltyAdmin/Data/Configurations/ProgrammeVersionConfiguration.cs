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
    }
}
