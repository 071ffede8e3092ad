using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> b)
    {
        b.Property(m => m.Phone).HasMaxLength(20).IsRequired();
        b.HasIndex(m => m.Phone).IsUnique();
        b.Property(m => m.Name).HasMaxLength(100).IsRequired();
        b.HasIndex(m => m.Name);
        b.Property(m => m.ReferralCode).HasMaxLength(16).IsRequired();
        b.HasIndex(m => m.ReferralCode).IsUnique();
        b.Property(m => m.JoinChannel).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(m => m.TierCode).HasMaxLength(32).IsRequired();
        b.Property(m => m.LifetimeSpend).HasPrecision(18, 2);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.Property(m => m.PreferredLanguage).HasMaxLength(16);
        b.Property(m => m.ConsentSource).HasMaxLength(32);
        b.Property(m => m.ConsentWordingVersion).HasMaxLength(32);
        b.Ignore(m => m.AvailablePoints);
        b.Ignore(m => m.TierOverride);
        b.Property(m => m.TierOverrideCode).HasMaxLength(32);
        b.Property(m => m.TierOverrideReason).HasMaxLength(200);
        b.Property(m => m.TierOverrideBy).HasMaxLength(256);
        b.HasOne<Store>().WithMany().HasForeignKey(m => m.HomeStoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Member>().WithMany().HasForeignKey(m => m.ReferredByMemberId).OnDelete(DeleteBehavior.Restrict);
        // The list page's filters and sorts, each able to page without scanning the table.
        b.HasIndex(m => m.JoinedAtUtc);
        b.HasIndex(m => m.LastActivityUtc);
        b.HasIndex(m => new { m.TierCode, m.JoinedAtUtc });
        b.HasIndex(m => new { m.HomeStoreId, m.JoinedAtUtc });
        b.HasIndex(m => m.TierValidUntil);
        // The daily run ends the tiers set by hand whose last day has passed.
        b.HasIndex(m => m.TierOverrideUntil).HasFilter("TierOverrideUntil IS NOT NULL");
    }
}

public sealed class PointsEntryConfiguration : IEntityTypeConfiguration<PointsEntry>
{
    public void Configure(EntityTypeBuilder<PointsEntry> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Reason).HasConversion<string>().HasMaxLength(24);
        b.Property(e => e.EventId).HasMaxLength(100);
        b.Property(e => e.OrderId).HasMaxLength(64);
        b.Property(e => e.RuleId).HasMaxLength(64);
        b.Property(e => e.Note).HasMaxLength(500);
        b.Property(e => e.OperatorId).HasMaxLength(450);
        b.Property(e => e.Explanation).HasMaxLength(2000);
        b.Property(e => e.ExplanationData).HasMaxLength(LedgerExplanation.MaxLength);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AdjustmentBatch>().WithMany().HasForeignKey(e => e.BatchId).OnDelete(DeleteBehavior.Restrict);
        // History pages newest first per member; batches are undone by id.
        b.HasIndex(e => new { e.MemberId, e.Id });
        b.HasIndex(e => e.BatchId).HasFilter("BatchId IS NOT NULL");
        b.HasIndex(e => e.ReversesEntryId).HasFilter("ReversesEntryId IS NOT NULL");
        // An operator's adjustments of the day, summed against the approval limits.
        b.HasIndex(e => new { e.OperatorId, e.OccurredAtUtc }).HasFilter("OperatorId IS NOT NULL");
    }
}

public sealed class PointLotConfiguration : IEntityTypeConfiguration<PointLot>
{
    public void Configure(EntityTypeBuilder<PointLot> b)
    {
        b.Property(l => l.OrderId).HasMaxLength(64);
        b.HasOne<Member>().WithMany().HasForeignKey(l => l.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(l => l.Entry).WithMany().HasForeignKey(l => l.EntryId).OnDelete(DeleteBehavior.Restrict);
        // Only lots with points left matter to spending (FIFO) and to the expiry and confirmation jobs.
        b.HasIndex(l => new { l.MemberId, l.EarnedOn }).HasFilter("Remaining > 0");
        b.HasIndex(l => l.ExpiresOn).HasFilter("Remaining > 0");
        b.HasIndex(l => new { l.MemberId, l.OrderId }).HasFilter("OrderId IS NOT NULL");
    }
}

public sealed class GrowthEntryConfiguration : IEntityTypeConfiguration<GrowthEntry>
{
    public void Configure(EntityTypeBuilder<GrowthEntry> b)
    {
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.EventId).HasMaxLength(100);
        b.Property(e => e.OrderId).HasMaxLength(64);
        b.Property(e => e.RuleId).HasMaxLength(64);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.MemberId, e.Id });
    }
}

public sealed class TierHistoryEntryConfiguration : IEntityTypeConfiguration<TierHistoryEntry>
{
    public void Configure(EntityTypeBuilder<TierHistoryEntry> b)
    {
        b.ToTable("TierHistory");
        b.Property(e => e.FromTier).HasMaxLength(32);
        b.Property(e => e.ToTier).HasMaxLength(32).IsRequired();
        b.Property(e => e.Change).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Reason).HasMaxLength(500);
        b.Property(e => e.ReasonCode).HasMaxLength(32);
        b.Property(e => e.ReasonArgument).HasMaxLength(100);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.MemberId, e.Id });
    }
}

public sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> b)
    {
        b.Property(e => e.EventId).HasMaxLength(100).IsRequired();
        b.HasIndex(e => e.EventId).IsUnique();
        b.Property(e => e.Type).HasMaxLength(32);
        b.Property(e => e.TierAfter).HasMaxLength(32);
        b.Property(e => e.BodyHash).HasMaxLength(64);
        b.HasOne<Member>().WithMany().HasForeignKey(e => e.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => e.MemberId);
    }
}

public sealed class MemberOrderConfiguration : IEntityTypeConfiguration<MemberOrder>
{
    public void Configure(EntityTypeBuilder<MemberOrder> b)
    {
        b.Property(o => o.OrderId).HasMaxLength(64).IsRequired();
        b.Property(o => o.Amount).HasPrecision(18, 2);
        b.Property(o => o.RefundedAmount).HasPrecision(18, 2);
        b.Property(o => o.Channel).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Member>().WithMany().HasForeignKey(o => o.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.MemberId, o.OrderId }).IsUnique();
        // Order ids are the store's: a till reusing one for another member must not earn twice (rows without a store are not compared).
        b.HasOne<Store>().WithMany().HasForeignKey(o => o.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.StoreId, o.OrderId }).IsUnique();
        b.HasIndex(o => new { o.MemberId, o.OccurredAtUtc });
        b.HasIndex(o => o.PendingUntil).HasFilter("PendingUntil IS NOT NULL");
    }
}

public sealed class MemberRuleCounterConfiguration : IEntityTypeConfiguration<MemberRuleCounter>
{
    public void Configure(EntityTypeBuilder<MemberRuleCounter> b)
    {
        b.HasKey(c => new { c.MemberId, c.RuleId });
        b.Property(c => c.RuleId).HasMaxLength(64);
        b.HasOne<Member>().WithMany().HasForeignKey(c => c.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class MemberOnceKeyConfiguration : IEntityTypeConfiguration<MemberOnceKey>
{
    public void Configure(EntityTypeBuilder<MemberOnceKey> b)
    {
        b.HasKey(k => new { k.MemberId, k.RuleId, k.Key });
        b.Property(k => k.RuleId).HasMaxLength(64);
        b.Property(k => k.Key).HasMaxLength(100);
        b.HasOne<Member>().WithMany().HasForeignKey(k => k.MemberId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class AdjustmentRequestConfiguration : IEntityTypeConfiguration<AdjustmentRequest>
{
    public void Configure(EntityTypeBuilder<AdjustmentRequest> b)
    {
        b.Property(r => r.Reason).HasConversion<string>().HasMaxLength(24);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(r => r.Hold).HasConversion<string>().HasMaxLength(24);
        b.HasOne<Store>().WithMany().HasForeignKey(r => r.RequestedStoreId).OnDelete(DeleteBehavior.Restrict);
        b.Property(r => r.Note).HasMaxLength(500);
        b.Property(r => r.DecisionNote).HasMaxLength(500);
        b.Property(r => r.RequestedById).HasMaxLength(450);
        b.Property(r => r.RequestedByName).HasMaxLength(256);
        b.Property(r => r.DecidedById).HasMaxLength(450);
        b.Property(r => r.DecidedByName).HasMaxLength(256);
        b.HasOne<Member>().WithMany().HasForeignKey(r => r.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(r => new { r.Status, r.RequestedAtUtc });
        b.HasIndex(r => r.MemberId);
    }
}

public sealed class AdjustmentBatchConfiguration : IEntityTypeConfiguration<AdjustmentBatch>
{
    public void Configure(EntityTypeBuilder<AdjustmentBatch> b)
    {
        b.Property(x => x.FileName).HasMaxLength(260);
        b.Property(x => x.CreatedById).HasMaxLength(450);
        b.Property(x => x.CreatedByName).HasMaxLength(256);
        b.Property(x => x.UndoneByName).HasMaxLength(256);
        b.HasIndex(x => x.CreatedAtUtc);
    }
}

public sealed class MemberVisitConfiguration : IEntityTypeConfiguration<MemberVisit>
{
    public void Configure(EntityTypeBuilder<MemberVisit> b)
    {
        b.Property(v => v.UserId).HasMaxLength(450).IsRequired();
        b.HasOne<Member>().WithMany().HasForeignKey(v => v.MemberId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Store>().WithMany().HasForeignKey(v => v.StoreId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(v => new { v.UserId, v.MemberId, v.Day }).IsUnique();
    }
}
