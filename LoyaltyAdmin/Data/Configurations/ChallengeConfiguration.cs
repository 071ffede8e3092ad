using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class MemberChallengeProgressConfiguration : IEntityTypeConfiguration<MemberChallengeProgress>
{
    public void Configure(EntityTypeBuilder<MemberChallengeProgress> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.ChallengeId).HasMaxLength(64);
        b.Property(p => p.Value).HasPrecision(18, 2);
        b.Property(p => p.Stores).HasMaxLength(1000);
        b.HasIndex(p => new { p.MemberId, p.ChallengeId, p.PeriodStart }).IsUnique();
        b.HasIndex(p => new { p.ChallengeId, p.PeriodStart });
        b.HasOne<Member>().WithMany().HasForeignKey(p => p.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class MemberBadgeConfiguration : IEntityTypeConfiguration<MemberBadge>
{
    public void Configure(EntityTypeBuilder<MemberBadge> b)
    {
        b.HasKey(x => x.Id);
        b.Property(x => x.BadgeCode).HasMaxLength(64);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.ChallengeId).HasMaxLength(64);
        b.Property(x => x.Reason).HasMaxLength(500);
        b.Property(x => x.AwardedBy).HasMaxLength(256);
        b.HasIndex(x => new { x.MemberId, x.BadgeCode }).IsUnique();
        b.HasOne<Member>().WithMany().HasForeignKey(x => x.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}
