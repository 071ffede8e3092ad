using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// The only code that writes points, growth, lots, member counters and tier changes. Every operation
/// runs in one context and one transaction, reads the member with a row lock on server databases, and bumps
/// the member's <see cref="Member.Version"/>: a concurrent writer on the same member waits for the lock or, failing
/// the version check, retries the whole operation from a fresh read, so no update is lost and no balance goes
/// below zero on SQLite, SQL Server or PostgreSQL.
/// </summary>
public sealed partial class PointsLedgerService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    TimeProvider clock,
    IOptions<MembersOptions> options,
    IStringLocalizer<MembersText> l,
    MemberChanges changes,
    IEnumerable<ILedgerReaction> reactions,
    Reports.MonthlyRollups rollups,
    SqliteWriteQueue sqliteWrites)
{
    private readonly ILedgerReaction[] reactions = [.. reactions];
    private const int MaxAttempts = 12;
    private long conflictsRetried;

    /// <summary>Operations started again since start-up because another writer got to the same member or event first.</summary>
    public long ConflictsRetried => Interlocked.Read(ref conflictsRetried);

    /// <summary>
    /// Applies an activity (purchase, refund, check-in, …) to a member through the rules engine.
    /// Idempotent: the same <paramref name="eventId"/> never awards twice and answers the first result.
    /// <paramref name="request"/>, when given, is kept with the event: a replay with another body is refused with
    /// <see cref="LedgerError.Refused"/> and writes nothing.
    /// </summary>
    public async Task<ActivityResult> ApplyActivityAsync(long memberId, string eventId, Activity activity, CancellationToken ct = default,
        LedgerRequest? request = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(activity);
        // The rules of the activity's own date, not today's: a late-arriving event earns what it earned then.
        // Read before the write (versions are never changed, only added), so the one SQLite writer does less.
        var programme = await programmes.GetInForceAtAsync(activity.OccurredAt, ct);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteActivityAsync(async db =>
        {
            var member = await LockMemberAsync(db, memberId, ct);
            if (member is null)
                return ActivityResult.Failed(LedgerError.MemberNotFound, memberId);
            if (await FindProcessedAsync(db, eventId, ct) is { } done)
                return await SameRequestAsync(db, done, request, ct) ? Replay(done) : ActivityResult.Failed(LedgerError.Refused, memberId);
            if (member.Status != MemberStatus.Active && activity.Type != ActivityType.Refund)
                return ActivityResult.Failed(LedgerError.MemberNotActive, memberId);

            var now = clock.GetUtcNow().UtcDateTime;
            var writer = new LedgerWriter(db, member, programme.Programme.Expiry, now, ct);
            var result = activity.Type == ActivityType.Refund
                ? await RefundAsync(db, writer, programme, zone, eventId, activity, ct)
                : await EarnAsync(db, writer, programme, zone, eventId, activity, ct, request?.StoreId);
            if (!result.Succeeded)
                return result;
            if (await ReactAsync(db, writer, zone, eventId, activity, result, ct))
                result = result with { Balance = member.PointsBalance, Available = member.AvailablePoints };

            member.LastActivityUtc = Max(member.LastActivityUtc, activity.OccurredAt.UtcDateTime);
            writer.Touch();
            db.ProcessedEvents.Add(Processed(eventId, activity.Type.ToString(), result, now, request?.Hash));
            return result; // saved by WriteActivityAsync
        }, ct);
    }

    /// <summary>A full or partial refund of an order: reverses its points and growth in proportion.</summary>
    public Task<ActivityResult> RefundAsync(long memberId, string eventId, string orderId, decimal amount, DateTimeOffset occurredAt, CancellationToken ct = default) =>
        ApplyActivityAsync(memberId, eventId, new Activity { Type = ActivityType.Refund, OrderId = orderId, Amount = amount, OccurredAt = occurredAt }, ct);

    private async Task<ActivityResult> EarnAsync(LoyaltyDbContext db, LedgerWriter writer, ProgrammeInForce programme, TimeZoneInfo zone,
        string eventId, Activity activity, CancellationToken ct, int? storeId = null)
    {
        var member = writer.Member;
        var day = RulesEngine.LocalDate(activity.OccurredAt, zone);
        if (activity.Type == ActivityType.Purchase && string.IsNullOrWhiteSpace(activity.OrderId))
            return ActivityResult.Failed(LedgerError.InvalidAmount, member.Id);

        // Only what a rule of this activity or a tier condition can look at is read (a plain purchase needs none of it).
        List<MemberRuleCounter> counters = programme.UsesCounters(activity.Type)
            ? await db.MemberRuleCounters.Where(c => c.MemberId == member.Id).ToListAsync(ct) : [];
        var onceKeys = programme.UsesOnceKeys(activity.Type) ? await LoadOnceKeysAsync(db, member.Id, activity, day, ct) : new HashSet<OnceKey>();
        var storedRolling = programme.UsesRollingSpend
            ? await StoredRollingSpendAsync(db, member, programme.Programme, activity.OccurredAt.UtcDateTime, ct) : 0m;
        var stats = Stats(db, member, storedRolling);
        var state = new MemberState
        {
            TierCode = member.TierCode,
            Birthday = member.Birthday,
            Counters = counters.ToDictionary(c => c.RuleId, c => new RuleCounter(c.LastAwardDay, c.PointsThatDay, c.PointsThatMonth, c.PointsLifetime), StringComparer.Ordinal),
            Streak = member.StreakLastDay is { } last ? new CheckInStreak(last, member.StreakLength) : null,
            UsedOnceKeys = onceKeys,
            Stats = stats,
        };
        var award = RulesEngine.Evaluate(programme.Compiled, zone, state, activity);
        var explanation = award.Explain(Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency));

        var pendingDays = programme.Programme.Expiry.PendingDays;
        DateOnly? pendingUntil = activity.Type == ActivityType.Purchase && pendingDays > 0 ? programme.Programme.Expiry.AvailableFrom(day) : null;
        foreach (var rule in award.Rules.Where(r => r.Points > 0))
        {
            writer.Credit(new PointsEntry
            {
                Kind = PointsEntryKind.Earn,
                Source = activity.OrderId is null ? PointsSource.Rule : PointsSource.Order,
                Points = rule.Points,
                OccurredAtUtc = activity.OccurredAt.UtcDateTime,
                EventId = eventId,
                OrderId = activity.OrderId,
                RuleId = rule.RuleId,
                Explanation = Truncate(explanation, 2000),
            }, day, pendingUntil);
        }

        if (activity.Type == ActivityType.Purchase)
        {
            db.MemberOrders.Add(new MemberOrder
            {
                MemberId = member.Id,
                OrderId = activity.OrderId!,
                StoreId = storeId,
                Amount = activity.Amount,
                Channel = activity.Channel,
                Points = award.Points,
                Growth = award.Growth,
                OccurredAtUtc = activity.OccurredAt.UtcDateTime,
                PendingUntil = pendingUntil,
            });
        }

        // Growth and spend of a purchase in its return window count only when it confirms.
        if (pendingUntil is null)
        {
            foreach (var rule in award.Rules.Where(r => r.Growth > 0))
            {
                writer.Growth(new GrowthEntry
                {
                    Kind = GrowthEntryKind.Earn, Growth = rule.Growth, OccurredAtUtc = activity.OccurredAt.UtcDateTime,
                    EventId = eventId, OrderId = activity.OrderId, RuleId = rule.RuleId,
                });
            }
            if (activity.Type == ActivityType.Purchase)
                member.LifetimeSpend += activity.Amount;
        }

        foreach (var update in award.CounterUpdates)
        {
            var row = counters.FirstOrDefault(c => c.RuleId == update.RuleId);
            if (row is null)
                db.MemberRuleCounters.Add(row = new MemberRuleCounter { MemberId = member.Id, RuleId = update.RuleId });
            row.LastAwardDay = update.Counter.LastAwardDay;
            row.PointsThatDay = update.Counter.PointsThatDay;
            row.PointsThatMonth = update.Counter.PointsThatMonth;
            row.PointsLifetime = update.Counter.PointsLifetime;
        }
        foreach (var key in award.OnceKeysConsumed)
            db.MemberOnceKeys.Add(new MemberOnceKey { MemberId = member.Id, RuleId = key.RuleId, Key = key.Key });
        if (award.NewStreak is { } streak)
        {
            member.StreakLastDay = streak.LastCheckIn;
            member.StreakLength = streak.Length;
        }
        if (member.LastActiveDay is null || day > member.LastActiveDay)
        {
            member.ActiveDays++;
            member.LastActiveDay = day;
        }
        if (activity.Type == ActivityType.Referral)
            member.SuccessfulReferrals++;

        // The stored orders are as read above; this purchase joins the sum from the change tracker.
        var tierChanged = pendingUntil is null && UpgradeIfQualified(writer, programme.Programme, day, Stats(db, member, storedRolling));
        return new ActivityResult(LedgerError.None, member.Id, false, award.Points, award.Growth, member.PointsBalance, member.AvailablePoints,
            member.TierCode, tierChanged, award.Rules, explanation);
    }

    private async Task<ActivityResult> RefundAsync(LoyaltyDbContext db, LedgerWriter writer, ProgrammeInForce programme, TimeZoneInfo zone,
        string eventId, Activity activity, CancellationToken ct)
    {
        var member = writer.Member;
        var order = activity.OrderId is null ? null
            : await db.MemberOrders.SingleOrDefaultAsync(o => o.MemberId == member.Id && o.OrderId == activity.OrderId, ct);
        if (order is null)
            return ActivityResult.Failed(LedgerError.UnknownOrder, member.Id);
        if (activity.Amount <= 0)
            return ActivityResult.Failed(LedgerError.InvalidAmount, member.Id);
        if (order.RefundedAmount + activity.Amount > order.Amount)
            return ActivityResult.Failed(LedgerError.RefundExceedsOrder, member.Id);

        var reversal = RefundCalculator.Reverse(new OrderEarning(order.Points, order.Growth, order.Amount), order.RefundedAmount, activity.Amount, order.OrderId);
        order.RefundedAmount += activity.Amount;
        var explanation = reversal.Line.ToText(Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency));
        PointsEntry? taken = null;
        if (reversal.Points > 0)
        {
            taken = await writer.DebitAsync(new PointsEntry
            {
                Kind = PointsEntryKind.Reverse, Source = PointsSource.Order, OccurredAtUtc = activity.OccurredAt.UtcDateTime,
                EventId = eventId, OrderId = order.OrderId, Explanation = Truncate(explanation, 2000),
            }, reversal.Points, allowShortfall: true, preferOrderId: order.OrderId);
        }

        var tierChanged = false;
        if (order.PendingUntil is null)
        {
            member.LifetimeSpend = Math.Max(0, member.LifetimeSpend - activity.Amount);
            if (reversal.Growth > 0)
            {
                writer.Growth(new GrowthEntry
                {
                    Kind = GrowthEntryKind.Reverse, Growth = -reversal.Growth, OccurredAtUtc = activity.OccurredAt.UtcDateTime,
                    EventId = eventId, OrderId = order.OrderId,
                });
            }
            tierChanged = await UndoUpgradeAfterRefundAsync(db, writer, programme.Programme, order, zone, ct);
        }
        // What was taken, and apart from it what could not be (already spent): the entry records both the same way.
        return new ActivityResult(LedgerError.None, member.Id, false, taken?.Points ?? 0, -reversal.Growth, member.PointsBalance, member.AvailablePoints,
            member.TierCode, tierChanged, [], explanation, taken?.Shortfall ?? 0);
    }

    /// <summary>
    /// A tier reached on or after the refunded order's day that the member no longer qualifies for is taken
    /// back at once; an older tier stays until its validity ends, like any other.
    /// </summary>
    private async Task<bool> UndoUpgradeAfterRefundAsync(LoyaltyDbContext db, LedgerWriter writer, Rules.Programme programme, MemberOrder order,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var member = writer.Member;
        var orderDay = RulesEngine.LocalDate(new DateTimeOffset(order.OccurredAtUtc, TimeSpan.Zero), zone);
        if (member.TierSince < orderDay)
            return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var stats = await StatsAsync(db, member, programme, now, ct);
        var tiers = TierEngine.Ordered(programme);
        var current = tiers.FirstOrDefault(t => t.Code == member.TierCode) ?? tiers[0];
        var qualified = TierEngine.Qualify(programme, stats);
        if (qualified.Order >= current.Order)
            return false;
        var today = RulesEngine.LocalDate(clock.GetUtcNow(), zone);
        writer.Tier(TierChangeKind.Downgrade, qualified.Code, today, TierEngine.ValidUntil(qualified, today), l["Tier.Reason.Refund", order.OrderId]);
        return true;
    }

    private async Task<bool> UpgradeIfQualifiedAsync(LoyaltyDbContext db, LedgerWriter writer, Rules.Programme programme, DateTime atUtc, DateOnly day, CancellationToken ct) =>
        UpgradeIfQualified(writer, programme, day, await StatsAsync(db, writer.Member, programme, atUtc, ct));

    private bool UpgradeIfQualified(LedgerWriter writer, Rules.Programme programme, DateOnly day, QualificationStats stats)
    {
        var member = writer.Member;
        var decision = TierEngine.DecideUpgrade(programme, member.TierCode, stats);
        if (decision.Change != TierChange.Upgrade)
            return false;
        writer.Tier(TierChangeKind.Upgrade, decision.To.Code, day, TierEngine.ValidUntil(decision.To, day), DescribeCondition(decision.Reason));
        return true;
    }

    /// <summary>The figures tiers are decided on, from the member's counters and confirmed orders.</summary>
    internal static async Task<QualificationStats> StatsAsync(LoyaltyDbContext db, Member member, Rules.Programme programme, DateTime atUtc, CancellationToken ct) =>
        Stats(db, member, await StoredRollingSpendAsync(db, member, programme, atUtc, ct));

    private static async Task<decimal> StoredRollingSpendAsync(LoyaltyDbContext db, Member member, Rules.Programme programme, DateTime atUtc, CancellationToken ct)
    {
        var since = atUtc.AddMonths(-programme.QualificationWindowMonths);
        var memberId = member.Id;
        return await db.MemberOrders
            .Where(o => o.MemberId == memberId && o.PendingUntil == null && o.OccurredAtUtc >= since)
            .SumAsync(o => (decimal?)(o.Amount - o.RefundedAmount), ct) ?? 0m;
    }

    private static QualificationStats Stats(LoyaltyDbContext db, Member member, decimal storedRolling)
    {
        // The new purchase of this very operation is not in the database yet.
        var rolling = storedRolling + db.ChangeTracker.EntriesAsTracked<MemberOrder>()
            .Where(e => e.State == EntityState.Added && e.Entity.MemberId == member.Id && e.Entity.PendingUntil == null)
            .Sum(e => e.Entity.Amount - e.Entity.RefundedAmount);
        return new QualificationStats(member.LifetimeSpend, rolling, member.GrowthValue, member.ActiveDays, member.SuccessfulReferrals);
    }

    private string DescribeCondition(TierCondition? condition) => condition is null ? "" : condition.Kind switch
    {
        TierConditionKind.Spend when condition.Window == SpendWindow.Rolling => l["Tier.Reason.RollingSpend", condition.Threshold],
        TierConditionKind.Spend => l["Tier.Reason.Spend", condition.Threshold],
        TierConditionKind.GrowthValue => l["Tier.Reason.Growth", condition.Threshold],
        TierConditionKind.ActiveDays => l["Tier.Reason.ActiveDays", condition.Threshold],
        _ => l["Tier.Reason.Referrals", condition.Threshold],
    };

    private static async Task<IReadOnlySet<OnceKey>> LoadOnceKeysAsync(LoyaltyDbContext db, long memberId, Activity activity, DateOnly day, CancellationToken ct)
    {
        // Only the keys this activity could use: "" (once per member), its order, its friend, this and last year.
        var candidates = new[] { "", activity.OrderId ?? "", activity.Reference ?? "", day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var rows = await db.MemberOnceKeys.AsNoTracking()
            .Where(k => k.MemberId == memberId && candidates.Contains(k.Key))
            .Select(k => new { k.RuleId, k.Key }).ToListAsync(ct);
        return rows.Select(r => new OnceKey(r.RuleId, r.Key)).ToHashSet();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a fresh context and transaction; when another writer changed the same
    /// member first (or stored the same event id), starts again from a fresh read. Bounded, so a hot member
    /// gives an error rather than a hung request. On SQLite the operation joins the one writer's group commit
    /// (<see cref="SqliteWriteQueue"/>): its own savepoint, all or nothing, answered after the shared commit.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var done = sqliteWrites.IsEnabled
                    ? await sqliteWrites.RunAsync(db => WorkAsync(db, work, ct), ct)
                    : await InOwnTransactionAsync(work, ct);
                return await CommittedAsync(done, ct);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                Interlocked.Increment(ref conflictsRetried);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10) * attempt), ct);
        }
    }

    private async Task<T> CommittedAsync<T>(Written<T> done, CancellationToken ct)
    {
        changes.Publish(done.Members);
        // After the commit: the actions are other members' ledger operations.
        foreach (var action in done.After ?? [])
            await action(ct);
        return done.Result;
    }

    private async Task<Written<T>> InOwnTransactionAsync<T>(Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var done = await WorkAsync(db, work, ct);
        await tx.CommitAsync(ct);
        return done;
    }

    /// <summary>The operation and its rollups, in the caller's transaction; what to publish and run once it commits.</summary>
    private async Task<Written<T>> WorkAsync<T>(LoyaltyDbContext db, Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct)
    {
        try
        {
            using var rollup = rollups.Track(db);
            var result = await work(db);
            // Last: on SQLite the rollups of a whole group of writes are written once, before its commit.
            await rollup.ApplyAsync(sqliteWrites.GroupShared(db, () => new Reports.PendingRollup()), ct);
            return new(result, [.. db.ChangeTracker.EntriesAsTracked<Member>().Select(e => e.Entity.Id)], afterCommit.TryGetValue(db, out var after) ? after : null);
        }
        finally
        {
            afterCommit.Remove(db);
        }
    }

    private sealed record Written<T>(T Result, List<long> Members, List<Func<CancellationToken, Task>>? After);

    /// <summary>What the reactions asked to run after their operation commits, per operation's context.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoyaltyDbContext, List<Func<CancellationToken, Task>>> afterCommit = [];

    /// <summary>Lets the features react inside this operation's transaction; true when there was anyone to ask.</summary>
    private async Task<bool> ReactAsync(LoyaltyDbContext db, LedgerWriter writer, TimeZoneInfo zone, string? eventId, Activity? activity,
        ActivityResult? result, CancellationToken ct)
    {
        if (reactions.Length == 0)
            return false;
        var operation = NewOperation(db, writer, zone, eventId, activity, result);
        foreach (var reaction in reactions)
            await reaction.ReactAsync(operation, ct);
        return true;
    }

    private LedgerOperation NewOperation(LoyaltyDbContext db, LedgerWriter writer, TimeZoneInfo zone, string? eventId, Activity? activity, ActivityResult? result) =>
        new(db, writer, writer.NowUtc, zone, eventId, activity, result, writer.TierChanges, action => afterCommit.GetOrCreateValue(db).Add(action),
            decidedAhead.TryGetValue(db, out _));

    /// <summary>
    /// Reads the member for a write. On a server database the row stays locked until the transaction ends, so
    /// writers on one member queue instead of racing: under READ COMMITTED all but one of 200 simultaneous writers
    /// would fail the <see cref="Member.Version"/> check, round after round, and run out of attempts. SQLite admits
    /// one writer at a time anyway. The version check stays as the guard for any write that does not come here.
    /// Read before the processed-event check, so a replay waiting for the lock sees the first call's commit.
    /// </summary>
    internal static async Task<Member?> LockMemberAsync(LoyaltyDbContext db, long memberId, CancellationToken ct) => db switch
    {
        PostgreSqlLoyaltyDbContext => (await db.Members.FromSql($"SELECT * FROM \"Members\" WHERE \"Id\" = {memberId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault(),
        SqlServerLoyaltyDbContext => (await db.Members.FromSql($"SELECT * FROM [Members] WITH (UPDLOCK, ROWLOCK) WHERE [Id] = {memberId}").ToListAsync(ct)).SingleOrDefault(),
        _ => await MemberById.For(db)(db, memberId, ct),
    };

    // Compiled: these two run on every ledger write, inside the one SQLite writer, where building the query each time cost more than running it.
    private static readonly CompiledPerModel<Func<LoyaltyDbContext, long, CancellationToken, Task<Member?>>> MemberById =
        new(() => EF.CompileAsyncQuery((LoyaltyDbContext db, long id, CancellationToken ct) => db.Members.SingleOrDefault(m => m.Id == id)));

    private static readonly CompiledPerModel<Func<LoyaltyDbContext, string, CancellationToken, Task<ProcessedEvent?>>> ProcessedById =
        new(() => EF.CompileAsyncQuery((LoyaltyDbContext db, string eventId, CancellationToken ct) => db.ProcessedEvents.AsNoTracking().SingleOrDefault(e => e.EventId == eventId)));

    private static Task<ProcessedEvent?> FindProcessedAsync(LoyaltyDbContext db, string eventId, CancellationToken ct) => ProcessedById.For(db)(db, eventId, ct);

    /// <summary>The record that answers a replay of <paramref name="eventId"/> with this first result.</summary>
    private static ProcessedEvent Processed(string eventId, string type, ActivityResult result, DateTime now, string? requestHash = null) => new()
    {
        EventId = eventId, MemberId = result.MemberId, Type = type, Points = result.Points, Growth = result.Growth,
        BalanceAfter = result.Balance, TierAfter = result.TierCode, ProcessedAtUtc = now,
        ResultJson = JsonSerializer.Serialize(new StoredResult(result.Rules, result.Explanation, result.TierChanged, result.Available, requestHash, result.Shortfall)),
    };

    /// <summary>Whether a replay came with the body of the request that first sent the event (or with no request to compare).</summary>
    private static async Task<bool> SameRequestAsync(LoyaltyDbContext db, ProcessedEvent done, LedgerRequest? request, CancellationToken ct)
    {
        if (request is null)
            return true;
        var stored = (done.ResultJson is null ? null : JsonSerializer.Deserialize<StoredResult>(done.ResultJson))?.RequestHash
            ?? await request.EarlierHash(db, ct);
        return stored is null || stored == request.Hash;
    }

    private static ActivityResult Replay(ProcessedEvent done)
    {
        var stored = done.ResultJson is null ? null : JsonSerializer.Deserialize<StoredResult>(done.ResultJson);
        return new ActivityResult(LedgerError.None, done.MemberId, true, done.Points, done.Growth, done.BalanceAfter, stored?.Available ?? done.BalanceAfter,
            done.TierAfter, stored?.TierChanged ?? false, stored?.Rules ?? [], stored?.Explanation ?? "", stored?.Shortfall ?? 0);
    }

    private static DateTime Max(DateTime? a, DateTime b) => a is { } x && x > b ? x : b;

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private sealed record StoredResult(IReadOnlyList<RuleAward> Rules, string Explanation, bool TierChanged, long Available, string? RequestHash = null,
        long Shortfall = 0);
}
