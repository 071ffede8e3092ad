using LoyaltyAdmin.Features.Notices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class MemberNoticeConfiguration : IEntityTypeConfiguration<MemberNotice>
{
    public void Configure(EntityTypeBuilder<MemberNotice> b)
    {
        b.ToTable("MemberNotices");
        b.Property(n => n.Type).HasMaxLength(48).IsRequired();
        b.Property(n => n.Subject).HasMaxLength(120).IsRequired();
        b.Property(n => n.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(n => n.Reason).HasConversion<string>().HasMaxLength(24);
        b.Property(n => n.Language).HasMaxLength(8).IsRequired();
        b.Property(n => n.Text).HasMaxLength(1000).IsRequired();
        b.Property(n => n.Data).IsRequired();
        b.Property(n => n.Version).IsConcurrencyToken();
        // A day computed twice, or by two instances at once, cannot notify twice.
        b.HasIndex(n => new { n.MemberId, n.Type, n.Subject, n.Day }).IsUnique();
        // The publisher's due notices, and the page's newest first.
        b.HasIndex(n => new { n.Status, n.DueAtUtc });
        b.HasIndex(n => n.Day);
    }
}

public sealed class NoticeSettingsConfiguration : IEntityTypeConfiguration<NoticeSettings>
{
    public void Configure(EntityTypeBuilder<NoticeSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.DefaultLanguage).HasMaxLength(8).IsRequired();
    }
}
