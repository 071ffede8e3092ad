using System.Diagnostics;
using System.Globalization;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>One purchase post of the load: the event id, the member (an index into the phones), the amount and its time.</summary>
internal sealed record Purchase(string EventId, int Member, decimal Amount, DateTimeOffset At);

internal sealed record LoadResult(double PerSecond, double P50, double P99, int Failures, int ServerErrors, Dictionary<int, int> Statuses);

/// <summary>The load's members and purchases, and the concurrent clients that send them.</summary>
internal static class LoadClients
{
    public const double DuplicateShare = 0.05;

    public static string[] Phones(int members) =>
        Enumerable.Range(0, members).Select(i => (13_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Unique purchases, with re-sent duplicates of earlier events mixed in after their originals.</summary>
    public static List<Purchase> Plan(int members, int events, out int unique)
    {
        var random = new Random(20261123);
        var now = DateTimeOffset.UtcNow;
        unique = events - (int)(events * DuplicateShare);
        var plan = new List<Purchase>(events);
        for (var i = 0; i < unique; i++)
            plan.Add(new Purchase("load-e-" + i, random.Next(members), random.Next(100, 50_000) / 100m, now.AddSeconds(-random.Next(3600))));
        for (var d = unique; d < events; d++)
        {
            var original = random.Next(unique);
            plan.Insert(Math.Min(plan.Count, original + 1 + random.Next(2_000)), plan[original]);
        }
        return plan;
    }

    /// <summary>The balance each member should end with: the default programme gives 1 point per currency unit, rounded down.</summary>
    public static long[] ExpectedAwards(int members, IEnumerable<Purchase> plan)
    {
        var expected = new long[members];
        foreach (var p in plan.DistinctBy(p => p.EventId))
            expected[p.Member] += (long)Math.Floor(p.Amount);
        return expected;
    }

    /// <summary>Sends <paramref name="count"/> requests from <paramref name="clients"/> concurrent clients; latency per request, statuses.</summary>
    public static async Task<LoadResult> RunAsync(int count, int clients, Func<int, Task<HttpResponseMessage>> send)
    {
        var latencies = new double[count];
        var statuses = new int[600];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await send(i);
                    status = (int)response.StatusCode;
                    if (status >= 400)
                        Console.Error.WriteLine($"  {status}: {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException)
                {
                    status = 599;
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref statuses[status]);
            }
        })));
        clock.Stop();
        Array.Sort(latencies);
        var byStatus = statuses.Select((n, s) => (n, s)).Where(x => x.n > 0).ToDictionary(x => x.s, x => x.n);
        return new LoadResult(count / clock.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)],
            byStatus.Where(s => s.Key >= 300).Sum(s => s.Value), byStatus.Where(s => s.Key >= 500).Sum(s => s.Value), byStatus);
    }

    /// <summary>Runs <paramref name="write"/> once per purchase from <paramref name="clients"/> concurrent workers: events/s and CPU ms per event.</summary>
    public static async Task<(double PerSecond, double CpuMsPerEvent)> RunRawAsync(IReadOnlyList<Purchase> plan, int clients, Func<Purchase, Task> write)
    {
        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Count)
                await write(plan[i]);
        })));
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / plan.Count;
        return (plan.Count / clock.Elapsed.TotalSeconds, cpu);
    }
}
