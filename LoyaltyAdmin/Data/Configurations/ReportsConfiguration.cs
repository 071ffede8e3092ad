using LoyaltyAdmin.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class MemberMonthConfiguration : IEntityTypeConfiguration<MemberMonth>
{
    public void Configure(EntityTypeBuilder<MemberMonth> b)
    {
        b.HasKey(r => new { r.Month, r.MemberId });
        b.Property(r => r.Month).ValueGeneratedNever();
        b.Property(r => r.MemberId).ValueGeneratedNever();
        // The cohort matrix reads by join month; no foreign key, so the ledger's hot path checks nothing more.
        b.Property(r => r.TierCode).HasMaxLength(32);
    }
}

public sealed class MonthlyTotalConfiguration : IEntityTypeConfiguration<MonthlyTotal>
{
    public void Configure(EntityTypeBuilder<MonthlyTotal> b)
    {
        b.HasKey(r => new { r.Month, r.Measure, r.Key, r.StoreId, r.Shard });
        b.Property(r => r.Month).ValueGeneratedNever();
        b.Property(r => r.StoreId).ValueGeneratedNever();
        b.Property(r => r.Shard).ValueGeneratedNever();
        b.Property(r => r.Measure).HasMaxLength(16);
        b.Property(r => r.Key).HasMaxLength(64);
    }
}

public sealed class MonthlyActivityConfiguration : IEntityTypeConfiguration<MonthlyActivity>
{
    public void Configure(EntityTypeBuilder<MonthlyActivity> b)
    {
        b.ToTable("MonthlyActivity");
        // Cohort first: the all-cohorts rows (0) of a month range are one range of the key, and so are a range of cohorts.
        b.HasKey(r => new { r.JoinMonth, r.Month, r.StoreId, r.TierCode, r.Channel, r.Shard });
        b.Property(r => r.Month).ValueGeneratedNever();
        b.Property(r => r.JoinMonth).ValueGeneratedNever();
        b.Property(r => r.StoreId).ValueGeneratedNever();
        b.Property(r => r.Channel).ValueGeneratedNever();
        b.Property(r => r.Shard).ValueGeneratedNever();
        b.Property(r => r.TierCode).HasMaxLength(32);
    }
}
