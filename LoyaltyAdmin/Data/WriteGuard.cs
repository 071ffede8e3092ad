using System.Data.Common;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LoyaltyAdmin.Data;

/// <summary>
/// Refuses any write to the money tables from a context the <see cref="WritePipeline"/> did not open: a save of their
/// rows, or a statement (ExecuteUpdate, ExecuteDelete, raw SQL) that inserts, updates or deletes them, or claims coupon
/// or catalogue stock. Registered on every context the app creates, so a write that slips past the pipeline fails
/// loudly in the first test that runs it instead of racing the one writer in production.
/// </summary>
internal sealed partial class WriteGuard : ISaveChangesInterceptor, IDbCommandInterceptor
{
    public static readonly WriteGuard Instance = new();

    private static readonly HashSet<Type> Guarded =
    [
        typeof(Member), typeof(PointsEntry), typeof(PointLot), typeof(GrowthEntry), typeof(TierHistoryEntry), typeof(MemberOrder), typeof(ProcessedEvent),
        typeof(MemberRuleCounter), typeof(MemberOnceKey), typeof(AdjustmentRequest), typeof(AdjustmentBatch), typeof(Coupon), typeof(CatalogueRedemption),
        typeof(Referral), typeof(ReferralRewardTask), typeof(OutboxEvent),
        typeof(Features.Challenges.MemberChallengeProgress), typeof(Features.Challenges.MemberBadge),
    ];

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken ct = default)
    {
        Check(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(eventData, command);
        return result;
    }

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken ct = default)
    {
        Check(eventData, command);
        return ValueTask.FromResult(result);
    }

    private static void Check(DbContext? context)
    {
        if (context is LoyaltyDbContext { Speculating: true } ahead && ahead.ChangeTracker.HasChanges())
            throw new SpeculationAborted();
        if (context is not LoyaltyDbContext { InWritePipeline: false } db)
            return;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Guarded.Contains(entry.Metadata.ClrType))
                throw Refused(entry.Metadata.ClrType.Name);
        }
    }

    /// <summary>
    /// A write decided ahead stops when it builds a statement, before it runs: EF logs a statement that fails while it runs
    /// as an error, and this is no error (the write is simply redone inside the writer).
    /// </summary>
    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        if (eventData.Context is LoyaltyDbContext { Speculating: true } && AnyWrite().IsMatch(result.CommandText))
            throw new SpeculationAborted();
        return result;
    }

    private static void Check(CommandEventData eventData, DbCommand command)
    {
        // Migrations move data between columns of these tables once, before any write; they are not writes of money.
        if (eventData.Context is LoyaltyDbContext { InWritePipeline: false } && eventData.CommandSource != CommandSource.Migrations
            && MoneyStatement().Match(command.CommandText) is { Success: true } match)
            throw Refused(match.Groups["table"].Value);
    }

    private static InvalidOperationException Refused(string what) =>
        new($"{what} is written only through WritePipeline.RunAsync: this write would bypass its transaction, its outbox and its rollups.");

    [GeneratedRegex("""(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE(?:\s+INTO)?)\s+[\["]?(?<table>Members|PointsEntries|PointLots|GrowthEntries|TierHistory|MemberOrders|ProcessedEvents|MemberRuleCounters|MemberOnceKeys|AdjustmentRequests|AdjustmentBatches|Coupons|CatalogueRedemptions|Referrals|ReferralRewardTasks|OutboxEvents)[\]"]?\s|UPDATE\s+[\["]?(?<table>CouponTemplates)[\]"]?\s+(?:AS\s+\S+\s+)?SET\s+[\["]?Issued|UPDATE\s+[\["]?(?<table>CatalogueItems)[\]"]?\s+(?:AS\s+\S+\s+)?SET\s+[\["]?Redeemed""",
        RegexOptions.IgnoreCase)]
    private static partial Regex MoneyStatement();

    [GeneratedRegex(@"^\s*(?:INSERT|UPDATE|DELETE|MERGE|REPLACE)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AnyWrite();
}
