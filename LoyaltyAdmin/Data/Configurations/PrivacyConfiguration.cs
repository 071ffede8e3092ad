using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class ConsentChangeConfiguration : IEntityTypeConfiguration<ConsentChange>
{
    public void Configure(EntityTypeBuilder<ConsentChange> b)
    {
        b.Property(c => c.Source).HasMaxLength(32).IsRequired();
        b.Property(c => c.WordingVersion).HasMaxLength(32);
        b.Property(c => c.ByUserId).HasMaxLength(450);
        b.Property(c => c.ByName).HasMaxLength(256).IsRequired();
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.MemberId, c.Id });
    }
}

public sealed class ErasedPhoneConfiguration : IEntityTypeConfiguration<ErasedPhone>
{
    public void Configure(EntityTypeBuilder<ErasedPhone> b)
    {
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        // Not unique: a number may join again and be erased again.
        b.HasIndex(e => e.Hash);
    }
}

public sealed class InstallSecretConfiguration : IEntityTypeConfiguration<InstallSecret>
{
    public void Configure(EntityTypeBuilder<InstallSecret> b)
    {
        b.HasKey(s => s.Name);
        b.Property(s => s.Name).HasMaxLength(64);
        b.Property(s => s.Value).HasMaxLength(256).IsRequired();
    }
}
