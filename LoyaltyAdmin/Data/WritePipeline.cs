using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The one way money is written: members, points entries and lots, growth, tiers, orders, coupons and their stock,
/// referrals, catalogue stock, adjustments and idempotency records. A write is a function of a <see cref="WriteScope"/>;
/// the pipeline gives it a transaction, adds the report deltas it declared, commits, and then tells open pages and runs
/// what the write left for after the commit (another member's own write).
/// <list type="bullet">
/// <item>SQLite: the one writer's group commit (<see cref="SqliteGroupCommit"/>), ledger rows as prepared statements.</item>
/// <item>PostgreSQL and SQL Server: a transaction of its own; members are read with a row lock (<see cref="LockMemberAsync"/>);
/// a write that loses a race (a version, a unique key, a deadlock) runs again from a fresh read, up to <see cref="MaxAttempts"/> times.</item>
/// </list>
/// </summary>
public sealed class WritePipeline
{
    public const int MaxAttempts = 10;

    private readonly IDbContextFactory<LoyaltyDbContext> dbFactory;
    private readonly MerchantClock merchantClock;
    private readonly TimeProvider clock;
    private readonly MemberChanges changes;
    private readonly ILogger<WritePipeline> logger;
    private readonly SqliteGroupCommit? sqlite;
    private readonly bool outbox;
    private long retried;
    private long insideWriter;

    public WritePipeline(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, TimeProvider clock, MemberChanges changes,
        IConfiguration configuration, ILogger<WritePipeline> logger)
    {
        // Off only to measure what the outbox costs (the load command): webhooks and notices read it.
        outbox = configuration.GetValue("Outbox:Enabled", true);
        this.dbFactory = dbFactory;
        this.merchantClock = merchantClock;
        this.clock = clock;
        this.changes = changes;
        this.logger = logger;
        using var db = dbFactory.CreateDbContext();
        sqlite = db.Database.IsSqlite() ? new SqliteGroupCommit(dbFactory, logger) : null;
    }

    /// <summary>Writes run again after losing a race, since start-up.</summary>
    public long Retried => Interlocked.Read(ref retried);

    /// <summary>On SQLite: writes that could not be decided ahead and ran inside the one writer, since start-up.</summary>
    public long DecidedInsideWriter => Interlocked.Read(ref insideWriter);

    /// <summary>On SQLite: groups committed and writes in them (their ratio is the mean group size).</summary>
    public (long Batches, long Writes) Committed => sqlite?.Committed ?? (0, 0);

    /// <summary>
    /// Runs <paramref name="work"/> as one write and answers its result once it has committed (or was refused and rolled
    /// back). <paramref name="work"/> may run more than once (a lost race, a group that failed to commit): it must read
    /// what it needs inside, and touch nothing but its scope.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken ct = default)
    {
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var (result, scope) = sqlite is not null ? await OnSqliteAsync(work, zone, ct) : await InTransactionAsync(work, zone, ct);
        if (!scope.Refused)
        {
            changes.Publish(scope.Members);
            foreach (var action in scope.AfterCommitActions)
                await action(ct);
        }
        return result;
    }

    /// <summary>
    /// Decided ahead of the one writer when it can be (<see cref="Speculation{T}"/>), else run inside it. A decision another
    /// write overtook is made again; after <see cref="SpeculativeAttempts"/> it runs inside the writer, where nothing can.
    /// </summary>
    private async Task<(T, WriteScope)> OnSqliteAsync<T>(Func<WriteScope, Task<T>> work, TimeZoneInfo zone, CancellationToken ct)
    {
        for (var attempt = 0; attempt < SpeculativeAttempts; attempt++)
        {
            if (await Speculation<T>.DecideAsync(dbFactory, work, clock.GetUtcNow().UtcDateTime, zone, outbox, ct) is not { } decided)
                break;
            if (decided.WritesNothing)
                return (decided.Result, decided.Scope);
            try
            {
                // Waited for even when the caller gives up: the writer reads the decision's rows.
                return await sqlite!.RunAsync(decided.ReplayAsync, (db, rows) => new WriteScope(db, rows, clock.GetUtcNow().UtcDateTime, zone, outbox),
                    CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                Interlocked.Increment(ref retried);
            }
        }
        Interlocked.Increment(ref insideWriter);
        return await sqlite!.RunAsync(work, (db, rows) => new WriteScope(db, rows, clock.GetUtcNow().UtcDateTime, zone, outbox), ct);
    }

    private const int SpeculativeAttempts = 3;

    private async Task<(T, WriteScope)> InTransactionAsync<T>(Func<WriteScope, Task<T>> work, TimeZoneInfo zone, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(ct);
                db.InWritePipeline = true;
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var scope = new WriteScope(db, new ContextRows(db), clock.GetUtcNow().UtcDateTime, zone, outbox);
                var result = await work(scope);
                if (scope.Refused)
                {
                    await tx.RollbackAsync(ct);
                    return (result, scope);
                }
                await db.SaveChangesAsync(ct);
                await scope.Rollups.WriteAsync(db, ct);
                await tx.CommitAsync(ct);
                return (result, scope);
            }
            catch (Exception ex) when (attempt < MaxAttempts && IsLostRace(ex))
            {
                Interlocked.Increment(ref retried);
                logger.LogDebug(ex, "A write lost a race (attempt {Attempt}); running it again", attempt);
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10) * attempt), ct);
        }
    }

    /// <summary>What another transaction caused and a fresh attempt can get past: a version or key taken first, a deadlock, a serialization failure.</summary>
    private static bool IsLostRace(Exception ex) => ex switch
    {
        DbUpdateException => true,
        Npgsql.PostgresException pg => pg.SqlState is "40001" or "40P01" or "23505",
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 1205 or 2601 or 2627,
        _ => ex.InnerException is { } inner && IsLostRace(inner),
    };

    /// <summary>
    /// Reads a member for a write. On a server database the row stays locked until the transaction ends, so writers on one
    /// member queue instead of racing; SQLite admits one writer at a time anyway. Read before the idempotency record, so a
    /// repeat waiting for the lock sees the first call's commit.
    /// </summary>
    public static async Task<Member?> LockMemberAsync(LoyaltyDbContext db, long memberId, CancellationToken ct) => db switch
    {
        PostgreSqlLoyaltyDbContext => (await db.Members.FromSql($"SELECT * FROM \"Members\" WHERE \"Id\" = {memberId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault(),
        SqlServerLoyaltyDbContext => (await db.Members.FromSql($"SELECT * FROM [Members] WITH (UPDLOCK, ROWLOCK) WHERE [Id] = {memberId}").ToListAsync(ct)).SingleOrDefault(),
        // A member this write registers, decided ahead of the writer, is not in the database yet: decide inside the writer.
        _ when memberId == RecordingRows.Placeholder => throw new SpeculationAborted(),
        _ => db.Members.Local.FirstOrDefault(m => m.Id == memberId) ?? await MemberById.For(db)(db, memberId, ct),
    };

    // Compiled: it runs on every ledger write, inside the one SQLite writer, where building the query each time cost more than running it.
    private static readonly CompiledPerModel<Func<LoyaltyDbContext, long, CancellationToken, Task<Member?>>> MemberById =
        new(() => EF.CompileAsyncQuery((LoyaltyDbContext db, long id, CancellationToken ct) => db.Members.SingleOrDefault(m => m.Id == id)));
}
