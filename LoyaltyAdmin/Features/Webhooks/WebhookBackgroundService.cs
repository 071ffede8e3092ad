using System.Collections.Concurrent;
using System.Threading.Channels;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// The dispatcher in the background, on every instance: reads the outbox, claims what is due up to
/// <see cref="WebhookOptions.MaxInFlight"/>, sends without waiting for the slowest, and records outcomes in batches. It wakes
/// when this instance commits a write (other instances' writes are seen within <see cref="Idle"/>), and when a recording
/// frees slots or promotes a member's next delivery.
/// </summary>
public sealed class WebhookBackgroundService(
    WebhookFeedReader feed, WebhookDispatcher dispatcher, WebhookSender sender, WebhookSignal signal, MemberChanges changes,
    IDbContextFactory<LoyaltyDbContext> dbFactory, IOptionsMonitor<WebhookOptions> options, TimeProvider clock,
    ILogger<WebhookBackgroundService> logger) : BackgroundService
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<long, int> inFlight = new();
    private readonly Channel<AttemptResult> results = Channel.CreateUnbounded<AttemptResult>(new UnboundedChannelOptions { SingleReader = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.Background)
            return;
        await Task.Yield();
        changes.Changed += Wake;
        var recorder = RecordLoopAsync();
        var lastSweep = DateTime.MinValue;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    if (await feed.HasWorkAsync(stoppingToken))
                    {
                        for (var i = 0; i < 20 && await feed.ReadAsync(stoppingToken); i++)
                        {
                        }
                    }
                    if (DateTime.UtcNow - lastSweep > SweepEvery)
                        lastSweep = await SweepAsync(stoppingToken);
                    await ClaimAndSendAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(ex, "Webhook dispatch pass failed; trying again shortly");
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                await signal.WaitAsync(Idle, stoppingToken);
                await Task.Delay(Gather, stoppingToken); // let a burst of commits gather into one read
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            changes.Changed -= Wake;
            // Attempts under way finish (10 s at most) and are recorded, so a restart sends nothing twice.
            var deadline = DateTime.UtcNow + WebhookSender.Timeout + TimeSpan.FromSeconds(2);
            while (!inFlight.IsEmpty && DateTime.UtcNow < deadline)
                await Task.Delay(50, CancellationToken.None);
            results.Writer.TryComplete();
            await recorder;
        }
    }

    private void Wake(long memberId) => signal.Set();

    private async Task ClaimAndSendAsync(CancellationToken ct)
    {
        var max = Math.Max(1, options.CurrentValue.MaxInFlight);
        var perEndpoint = Math.Max(1, max / 2);
        var free = max - inFlight.Count;
        if (free <= 0)
            return;
        var counts = inFlight.Values.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var claimed = await dispatcher.ClaimAsync(free, inFlight.Keys.ToList(), e => perEndpoint - counts.GetValueOrDefault(e), ct);
        foreach (var delivery in claimed)
        {
            inFlight[delivery.Id] = delivery.EndpointId;
            _ = SendOneAsync(delivery);
        }
    }

    private async Task SendOneAsync(ClaimedDelivery delivery)
    {
        try
        {
            // Not cancelled by shutdown: the attempt is bounded by its timeout and then recorded.
            results.Writer.TryWrite(await sender.SendAsync(delivery, CancellationToken.None));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Delivery {Id} could not be attempted", delivery.Id);
            inFlight.TryRemove(delivery.Id, out _);
        }
    }

    private async Task RecordLoopAsync()
    {
        var batch = new List<AttemptResult>();
        while (await results.Reader.WaitToReadAsync())
        {
            await Task.Delay(Gather);
            batch.Clear();
            while (batch.Count < 1000 && results.Reader.TryRead(out var result))
                batch.Add(result);
            try
            {
                await dispatcher.RecordAsync(batch);
            }
            catch (Exception ex)
            {
                // Their leases run out and the deliveries are attempted again: at least once, never lost.
                logger.LogError(ex, "Recording {Count} webhook attempts failed", batch.Count);
            }
            finally
            {
                foreach (var result in batch)
                    inFlight.TryRemove(result.Delivery.Id, out _);
                signal.Set();
            }
        }
    }

    /// <summary>On server databases: promotes queued deliveries whose predecessor ended while they were being queued.</summary>
    private async Task<DateTime> SweepAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!db.Database.IsSqlite() && await WebhookQueue.PromoteAsync(db, clock.GetUtcNow().UtcDateTime, null, null, ct) > 0)
            signal.Set();
        return DateTime.UtcNow;
    }
}

/// <summary>Wakes the background dispatcher: new events, a replay, a test event, freed slots.</summary>
public sealed class WebhookSignal
{
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref next).TrySetResult();

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct)
    {
        var current = Volatile.Read(ref next);
        try
        {
            await current.Task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
        }
        Interlocked.CompareExchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
    }
}
