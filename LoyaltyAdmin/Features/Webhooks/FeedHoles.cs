using System.Globalization;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// Sequences the outbox cursor passed without seeing them, each with a horizon: once the database's progress marker passes
/// it, no transaction that could still commit the sequence is running, so one last look settles it. On PostgreSQL the
/// horizon is the database's clock when the hole was seen and progress is the start of the oldest transaction holding a
/// write lock on the outbox; on SQL Server both are clock ticks (seen + <see cref="WebhookOptions.HoleRetention"/>, and now).
/// </summary>
public sealed class FeedHoles
{
    /// <summary>More holes than this means something else is wrong (a huge rolled-back import): the oldest are let go.</summary>
    public const int MaxHoles = 10_000;

    private readonly SortedDictionary<long, long> holes;

    private FeedHoles(SortedDictionary<long, long> holes) => this.holes = holes;

    public static FeedHoles Parse(string text)
    {
        var holes = new SortedDictionary<long, long>();
        foreach (var item in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = item.IndexOf('@');
            holes[long.Parse(item.AsSpan(0, at), CultureInfo.InvariantCulture)] = long.Parse(item.AsSpan(at + 1), CultureInfo.InvariantCulture);
        }
        return new FeedHoles(holes);
    }

    public int Count => holes.Count;

    public IReadOnlyList<long> Sequences => [.. holes.Keys];

    /// <summary>The sequences between <paramref name="cursor"/> and the last of <paramref name="seen"/> that were not seen.</summary>
    public void AddMissing(long cursor, IReadOnlyList<long> seen, long horizon)
    {
        var next = cursor + 1;
        foreach (var sequence in seen)
        {
            for (var missing = Math.Max(next, sequence - MaxHoles); missing < sequence; missing++)
                holes[missing] = horizon;
            next = Math.Max(next, sequence + 1);
        }
        while (holes.Count > MaxHoles)
            holes.Remove(holes.Keys.First());
    }

    /// <summary>Forgets holes that were found, and those whose horizon <paramref name="progress"/> has passed (already looked at once more).</summary>
    public void Settle(IEnumerable<long> found, long progress)
    {
        foreach (var sequence in found)
            holes.Remove(sequence);
        foreach (var sequence in holes.Where(h => h.Value < progress).Select(h => h.Key).ToList())
            holes.Remove(sequence);
    }

    public override string ToString() => string.Join(' ', holes.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Key}@{h.Value}")));
}
