using System.Text.RegularExpressions;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The one model of the application. Each database provider has a derived context
/// (<see cref="SqliteLoyaltyDbContext"/>, <see cref="SqlServerLoyaltyDbContext"/>, <see cref="PostgreSqlLoyaltyDbContext"/>)
/// that owns its migrations.
/// </summary>
public abstract class LoyaltyDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Key ring shared by every app instance on this database, so a cookie from one is valid on all.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Store> Stores => Set<Store>();
    public DbSet<MerchantSettings> MerchantSettings => Set<MerchantSettings>();

    public DbSet<Member> Members => Set<Member>();
    public DbSet<PointsEntry> PointsEntries => Set<PointsEntry>();
    public DbSet<PointLot> PointLots => Set<PointLot>();
    public DbSet<GrowthEntry> GrowthEntries => Set<GrowthEntry>();
    public DbSet<TierHistoryEntry> TierHistory => Set<TierHistoryEntry>();
    public DbSet<ProcessedEvent> ProcessedEvents => Set<ProcessedEvent>();
    public DbSet<MemberOrder> MemberOrders => Set<MemberOrder>();
    public DbSet<MemberRuleCounter> MemberRuleCounters => Set<MemberRuleCounter>();
    public DbSet<MemberOnceKey> MemberOnceKeys => Set<MemberOnceKey>();
    public DbSet<AdjustmentRequest> AdjustmentRequests => Set<AdjustmentRequest>();
    public DbSet<AdjustmentBatch> AdjustmentBatches => Set<AdjustmentBatch>();
    public DbSet<MemberVisit> MemberVisits => Set<MemberVisit>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<ProgrammeVersion> ProgrammeVersions => Set<ProgrammeVersion>();
    public DbSet<Features.Tiers.TierRecalculation> TierRecalculations => Set<Features.Tiers.TierRecalculation>();
    public DbSet<JobLease> JobLeases => Set<JobLease>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<CatalogueItem> CatalogueItems => Set<CatalogueItem>();
    public DbSet<CatalogueRedemption> CatalogueRedemptions => Set<CatalogueRedemption>();
    public DbSet<PointsPaymentPolicy> PointsPaymentPolicies => Set<PointsPaymentPolicy>();
    public DbSet<ReferralCampaign> ReferralCampaigns => Set<ReferralCampaign>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<ReferralRewardTask> ReferralRewardTasks => Set<ReferralRewardTask>();
    public DbSet<CouponTemplate> CouponTemplates => Set<CouponTemplate>();
    public DbSet<CouponPack> CouponPacks => Set<CouponPack>();
    public DbSet<CouponPackItem> CouponPackItems => Set<CouponPackItem>();
    public DbSet<Coupon> Coupons => Set<Coupon>();
    public DbSet<Features.Reports.MemberMonth> MemberMonths => Set<Features.Reports.MemberMonth>();
    public DbSet<Features.Reports.MonthlyTotal> MonthlyTotals => Set<Features.Reports.MonthlyTotal>();
    public DbSet<Features.Reports.MonthlyActivity> MonthlyActivity => Set<Features.Reports.MonthlyActivity>();
    public DbSet<OutboxEvent> OutboxEvents => Set<OutboxEvent>();
    public DbSet<Features.Challenges.MemberChallengeProgress> MemberChallengeProgress => Set<Features.Challenges.MemberChallengeProgress>();
    public DbSet<Features.Challenges.MemberBadge> MemberBadges => Set<Features.Challenges.MemberBadge>();
    public DbSet<MemberNotice> MemberNotices => Set<MemberNotice>();
    public DbSet<NoticeSettings> NoticeSettings => Set<NoticeSettings>();
    public DbSet<ConsentChange> ConsentChanges => Set<ConsentChange>();
    public DbSet<Features.Privacy.ErasedPhone> ErasedPhones => Set<Features.Privacy.ErasedPhone>();
    public DbSet<Features.Privacy.InstallSecret> InstallSecrets => Set<Features.Privacy.InstallSecret>();
    public DbSet<Features.Webhooks.WebhookEndpoint> WebhookEndpoints => Set<Features.Webhooks.WebhookEndpoint>();
    public DbSet<Features.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Features.Webhooks.WebhookDelivery>();
    public DbSet<Features.Webhooks.WebhookFeed> WebhookFeeds => Set<Features.Webhooks.WebhookFeed>();
    public DbSet<Features.Campaigns.SavedSegment> Segments => Set<Features.Campaigns.SavedSegment>();
    public DbSet<Features.Campaigns.Automation> Automations => Set<Features.Campaigns.Automation>();
    public DbSet<Features.Campaigns.AutomationGrant> AutomationGrants => Set<Features.Campaigns.AutomationGrant>();

    /// <summary>Set by the <see cref="WritePipeline"/> on the contexts it opens: only they may write the money tables (<see cref="WriteGuard"/>).</summary>
    internal bool InWritePipeline { get; set; }

    /// <summary>Set on a context deciding a write ahead of the SQLite writer: it may read, and write nothing (<see cref="Speculation{T}"/>).</summary>
    internal bool Speculating { get; set; }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is stored in UTC; reading it back must not lose that.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqliteLoyaltyDbContext(DbContextOptions<SqliteLoyaltyDbContext> options) : LoyaltyDbContext(options);

public sealed class SqlServerLoyaltyDbContext(DbContextOptions<SqlServerLoyaltyDbContext> options) : LoyaltyDbContext(options);

/// <summary>
/// PostgreSQL folds unquoted names to lower case, while EF creates quoted Pascal-case columns, so the
/// partial-index filters written once for the model ("Remaining > 0") get their column names quoted here.
/// </summary>
public sealed class PostgreSqlLoyaltyDbContext(DbContextOptions<PostgreSqlLoyaltyDbContext> options) : LoyaltyDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var index in entity.GetIndexes())
            {
                if (index.GetFilter() is not { } filter)
                    continue;
                foreach (var property in entity.GetProperties())
                    filter = Regex.Replace(filter, $@"(?<![""\w]){Regex.Escape(property.Name)}(?![""\w])", $"\"{property.GetColumnName()}\"");
                index.SetFilter(filter);
            }
        }
    }
}
