using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// Turns new outbox events into deliveries, one per active endpoint that wants the type, in one transaction with the move of
/// the cursor (<see cref="WebhookFeed"/>), which one instance holds at a time (a row lock on server databases; SQLite has one
/// writer). A member's delivery is queued behind the member's earlier one for the same endpoint, so they arrive in order.
/// </summary>
public sealed class WebhookFeedReader(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, IOptionsMonitor<WebhookOptions> options)
{
    public const int BatchSize = 1000;

    /// <summary>
    /// With no active endpoint a read queues nothing, so the cursor need only keep roughly up: it moves at most this often,
    /// not after every commit (on SQLite each move is a write that waits for, and holds up, the ledger's one writer). An
    /// endpoint is never sent what was recorded before it was created, however far behind the cursor was.
    /// </summary>
    public static readonly TimeSpan QuietCatchUp = TimeSpan.FromSeconds(5);

    private DateTimeOffset lastQuietRead = DateTimeOffset.MinValue;

    /// <summary>Whether a read would find anything to do: a read-only look, so an idle instance writes nothing.</summary>
    public async Task<bool> HasWorkAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var feed = await db.WebhookFeeds.AsNoTracking().Where(f => f.Id == WebhookFeed.SingletonId).Select(f => new { f.Cursor, f.Holes }).SingleOrDefaultAsync(ct);
        if (feed is null || feed.Holes.Length > 0)
            return true;
        if (!await db.OutboxEvents.AnyAsync(o => o.Sequence > feed.Cursor, ct))
            return false;
        if (await db.WebhookEndpoints.AnyAsync(e => e.IsActive, ct))
            return true;
        var now = clock.GetUtcNow();
        if (now - lastQuietRead < QuietCatchUp)
            return false;
        lastQuietRead = now;
        return true;
    }

    /// <summary>Reads up to <see cref="BatchSize"/> new events (and any late ones in holes); answers whether the cursor or holes moved.</summary>
    public async Task<bool> ReadAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var feed = await LockFeedAsync(db, ct);
        if (feed is null)
        {
            await StartFeedAsync(db, ct);
            await tx.CommitAsync(ct);
            return true;
        }
        var endpoints = await db.WebhookEndpoints.AsNoTracking().Where(e => e.IsActive).ToListAsync(ct);
        var holes = FeedHoles.Parse(feed.Holes);
        var events = new List<OutboxEvent>();
        if (holes.Count > 0)
        {
            // Progress first, then the look: a hole whose horizon it reached cannot be filled after this read.
            var progress = await ProgressAsync(db, ct);
            var sequences = holes.Sequences.ToList();
            var late = await db.OutboxEvents.AsNoTracking().Where(o => sequences.Contains(o.Sequence)).ToListAsync(ct);
            events.AddRange(late);
            holes.Settle(late.Select(e => e.Sequence), progress);
        }
        var fresh = await db.OutboxEvents.AsNoTracking().Where(o => o.Sequence > feed.Cursor).OrderBy(o => o.Sequence).Take(BatchSize).ToListAsync(ct);
        if (fresh.Count > 0)
        {
            if (endpoints.Count > 0 && !db.Database.IsSqlite()) // SQLite commits in sequence order: what it skipped was rolled back
                holes.AddMissing(feed.Cursor, fresh.Select(e => e.Sequence).ToList(), await HorizonAsync(db, ct));
            feed.Cursor = fresh[^1].Sequence;
            events.AddRange(fresh);
        }
        var text = endpoints.Count == 0 ? "" : holes.ToString();
        if (fresh.Count == 0 && text == feed.Holes)
            return false;
        feed.Holes = text;
        feed.Version++;
        await QueueAsync(db, endpoints, events, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// The feed row, created on first use at the end of the outbox: an installation that adds its first endpoint today is
    /// not sent its whole history. Called inside a transaction.
    /// </summary>
    public static async Task StartFeedAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (await db.WebhookFeeds.AnyAsync(f => f.Id == WebhookFeed.SingletonId, ct))
            return;
        var end = await db.OutboxEvents.MaxAsync(o => (long?)o.Sequence, ct) ?? 0;
        db.WebhookFeeds.Add(new WebhookFeed { Cursor = end });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Adds a delivery per event and subscribed endpoint, in sequence order; one that has an open delivery for the same member
    /// and endpoint (stored, or earlier in this batch) waits behind it.
    /// </summary>
    private async Task QueueAsync(LoyaltyDbContext db, IReadOnlyList<WebhookEndpoint> endpoints, List<OutboxEvent> events, CancellationToken ct)
    {
        if (endpoints.Count == 0 || events.Count == 0)
            return;
        var open = await WebhookQueue.OpenAsync(db, endpoints.Select(e => e.Id).ToList(), events.Where(e => e.MemberId is not null).Select(e => e.MemberId!.Value), ct);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            foreach (var endpoint in endpoints.Where(x => x.Subscribes(e.Type) && e.RecordedAtUtc >= x.CreatedAtUtc))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    EndpointId = endpoint.Id, Sequence = e.Sequence, MemberId = e.MemberId, EventType = e.Type, OccurredAtUtc = e.OccurredAtUtc, CreatedAtUtc = now,
                    Status = WebhookQueue.Enter(open, endpoint.Id, e.MemberId), NextAttemptAtUtc = now,
                });
            }
        }
    }

    private static async Task<WebhookFeed?> LockFeedAsync(LoyaltyDbContext db, CancellationToken ct) => db switch
    {
        PostgreSqlLoyaltyDbContext => (await db.WebhookFeeds.FromSql($"SELECT * FROM \"WebhookFeeds\" WHERE \"Id\" = {WebhookFeed.SingletonId} FOR UPDATE").ToListAsync(ct)).SingleOrDefault(),
        SqlServerLoyaltyDbContext => (await db.WebhookFeeds.FromSql($"SELECT * FROM [WebhookFeeds] WITH (UPDLOCK, ROWLOCK) WHERE [Id] = {WebhookFeed.SingletonId}").ToListAsync(ct)).SingleOrDefault(),
        _ => await db.WebhookFeeds.SingleOrDefaultAsync(f => f.Id == WebhookFeed.SingletonId, ct),
    };

    /// <summary>
    /// PostgreSQL: when the oldest transaction that holds a write lock on the outbox started, by the database's clock in
    /// microseconds (now if none; 0 when one's start cannot be seen, e.g. another role's session or a prepared transaction).
    /// A transaction takes that lock before it draws a sequence number and keeps it to its end, so once this passes a
    /// hole's horizon, the transaction that drew the hole's number has ended. Not transaction ids: a transaction that drew
    /// its number in its first INSERT has no id yet at that moment, gets one above the horizon, and would let the hole go
    /// while it could still commit (an event lost under load). SQL Server: the clock.
    /// </summary>
    private async Task<long> ProgressAsync(LoyaltyDbContext db, CancellationToken ct) => db.Database.IsNpgsql()
        ? await db.Database.SqlQueryRaw<long>("""
            SELECT (extract(epoch FROM LEAST(clock_timestamp(), MIN(COALESCE(a.xact_start, 'epoch'::timestamptz)))) * 1000000)::bigint AS "Value"
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.relation = '"OutboxEvents"'::regclass AND l.mode = 'RowExclusiveLock'
              AND l.pid IS DISTINCT FROM pg_backend_pid()
            """).SingleAsync(ct)
        : clock.GetUtcNow().UtcTicks;

    /// <summary>
    /// PostgreSQL: the database's clock after the read, in microseconds. A transaction that held a skipped sequence drew it
    /// before the read, so it started before this. SQL Server: now + <see cref="WebhookOptions.HoleRetention"/>.
    /// </summary>
    private async Task<long> HorizonAsync(LoyaltyDbContext db, CancellationToken ct) => db.Database.IsNpgsql()
        ? await db.Database.SqlQueryRaw<long>("SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint AS \"Value\"").SingleAsync(ct)
        : (clock.GetUtcNow() + options.CurrentValue.HoleRetention).UtcTicks;
}
