using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// What a write changes in the report rollups, said explicitly by the ledger as it writes (a points entry, a purchase,
/// a tier change, a lot's open points), added up over the write and then over its group of SQLite writes, and written
/// once in the same transaction: the members' months are read and written once, and shared counters touched by many
/// writes get one increment each (atomic per-provider upserts, so concurrent writers on server databases lose nothing).
/// A member's month takes the member's facts as they are when the deltas are written (the tier now, for a new month).
/// </summary>
public sealed class RollupDeltas(TimeZoneInfo zone)
{
    private readonly RollupBuilder builder = new(zone);
    private readonly Dictionary<long, Member> members = [];

    /// <summary>Members whose tier changed, with the earliest business time of a change: their later months may now fall in another tier.</summary>
    private readonly Dictionary<long, DateTime> retiered = [];

    /// <summary>Deltas of a member not yet inserted (a registration decided ahead of the writer), added once it has its id.</summary>
    private List<Action>? unnumbered;

    public bool IsEmpty => builder.MemberMonths.Count == 0 && builder.Totals.Count == 0 && retiered.Count == 0 && unnumbered is null;

    /// <summary>A points entry of <paramref name="kind"/>, counted in the month of its business time.</summary>
    public void Points(Member member, PointsEntryKind kind, long points, DateTime occurredAtUtc)
    {
        if (!Later(member, () => Points(member, kind, points, occurredAtUtc)))
            builder.Add(member.Id, Facts(member), kind, points, occurredAtUtc);
    }

    /// <summary>A purchase: the member's month, and the activity counts it moves.</summary>
    public void Purchase(Member member, Channel channel, decimal amount, DateTime occurredAtUtc)
    {
        if (!Later(member, () => Purchase(member, channel, amount, occurredAtUtc)))
            builder.Add(member.Id, Facts(member), channel, amount, occurredAtUtc);
    }

    /// <summary>A tier change (the tier given at registration is not a movement).</summary>
    public void Tier(Member member, TierChangeKind change, string toTier, DateTime occurredAtUtc)
    {
        if (Later(member, () => Tier(member, change, toTier, occurredAtUtc)))
            return;
        builder.Add(member.Id, Facts(member), change, toTier, occurredAtUtc);
        if (change != TierChangeKind.Initial)
            Retier(retiered, member.Id, occurredAtUtc);
    }

    private bool Later(Member member, Action delta)
    {
        if (member.Id > 0)
            return false;
        (unnumbered ??= []).Add(delta);
        return true;
    }

    /// <summary>Adds the deltas kept for a member who now has an id.</summary>
    private void Number()
    {
        if (unnumbered is not { } waiting)
            return;
        unnumbered = null;
        foreach (var delta in waiting)
            delta();
    }

    private static void Retier(Dictionary<long, DateTime> into, long memberId, DateTime atUtc) =>
        into[memberId] = into.TryGetValue(memberId, out var earlier) && earlier < atUtc ? earlier : atUtc;

    /// <summary>Open points of lots that expire on <paramref name="expiresOn"/> changed by <paramref name="delta"/>.</summary>
    public void OpenPoints(Member member, DateOnly? expiresOn, long delta)
    {
        if (expiresOn is { } day && delta != 0 && !Later(member, () => OpenPoints(member, expiresOn, delta)))
            builder.AddOpenPoints(member.Id, Facts(member), day, delta);
    }

    /// <summary>Adds these deltas to <paramref name="group"/>'s (a write that committed its savepoint, into its group).</summary>
    public void AddTo(RollupDeltas group)
    {
        Number();
        builder.AddTo(group.builder);
        foreach (var (id, member) in members)
            group.members[id] = member;
        foreach (var (id, at) in retiered)
            Retier(group.retiered, id, at);
    }

    private MemberFacts Facts(Member member)
    {
        members[member.Id] = member;
        return new MemberFacts(MonthKey.Of(member.JoinedAtUtc, zone), member.HomeStoreId ?? 0, member.TierCode);
    }

    /// <summary>Writes the deltas in the context's transaction.</summary>
    public async Task WriteAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        Number();
        if (IsEmpty)
            return;
        var (memberMonths, activity) = await MergeMemberMonthsAsync(db, builder.MemberMonths, ct);
        await RollupSql.UpsertAsync(db, memberMonths, builder.Totals.Values, activity, ct);
    }

    /// <summary>
    /// Adds the operation's purchases to the members' stored months, and works out how the activity counts change:
    /// what the touched months and the months before them (whose "returned" depends on them) count now, minus what
    /// they counted before. A tier change of a late event (business time) can fall before months already counted: those
    /// months are read again and move to the tier held at their first purchase, as a rebuild would put them.
    /// </summary>
    private async Task<(List<MemberMonth> Rows, List<MonthlyActivity> Activity)> MergeMemberMonthsAsync(LoyaltyDbContext db,
        Dictionary<(int Month, long MemberId), MemberMonth> purchases, CancellationToken ct)
    {
        if (purchases.Count == 0 && retiered.Count == 0)
            return ([], []);
        var before = await ReadMonthsAsync(db, purchases.Keys, ct);
        var later = await ReadLaterMonthsAsync(db, ct);
        foreach (var (key, row) in later)
            before.TryAdd(key, row);
        // A month's tier is read from the history when the month is new, starts earlier now, or a change fell before it.
        var retier = purchases.Where(p => !before.TryGetValue(p.Key, out var old) || p.Value.FirstPurchaseAtUtc < old.FirstPurchaseAtUtc)
            .Select(p => p.Key).Concat(later.Keys).ToHashSet();
        var histories = await ReadHistoriesAsync(db, retier.Select(k => k.MemberId).Distinct(), ct);
        var after = new Dictionary<(int Month, long MemberId), MemberMonth>(before);
        var changed = new List<MemberMonth>();
        foreach (var key in purchases.Keys.Concat(later.Keys).Distinct())
        {
            var row = before.TryGetValue(key, out var old) ? Copy(old) : null;
            if (purchases.TryGetValue(key, out var bought))
                row = RollupBuilder.Combine(row, bought);
            if (retier.Contains(key))
                row!.TierCode = TierMark.TierAt(histories.GetValueOrDefault(key.MemberId) ?? [], row.FirstPurchaseAtUtc, members[key.MemberId].TierCode);
            if (bought is null && row!.TierCode == old!.TierCode)
                continue;
            after[key] = row!;
            changed.Add(row!);
        }

        var counts = new ActivityCounter();
        foreach (var key in changed.Select(r => (r.Month, r.MemberId)).SelectMany(k => new[] { k, (MonthKey.Add(k.Month, -1), k.MemberId) }).Distinct())
        {
            var next = (MonthKey.Add(key.Item1, 1), key.MemberId);
            if (before.TryGetValue(key, out var old))
                counts.Add(old, before.GetValueOrDefault(next), -1);
            if (after.TryGetValue(key, out var now))
                counts.Add(now, after.GetValueOrDefault(next), +1);
        }
        return (changed, counts.Changed().ToList());
    }

    /// <summary>Stored months of members whose tier changed, from the month of the earliest change on.</summary>
    private async Task<Dictionary<(int Month, long MemberId), MemberMonth>> ReadLaterMonthsAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var rows = new Dictionary<(int Month, long MemberId), MemberMonth>();
        foreach (var (memberId, atUtc) in retiered)
        {
            await using var command = Command(db, "SELECT \"Month\", \"MemberId\", \"JoinMonth\", \"Purchases\", \"SpendCents\", \"Channels\", \"FirstPurchaseAtUtc\", \"StoreId\", \"TierCode\" " +
                "FROM \"MemberMonths\" WHERE \"MemberId\" = {0} AND \"Month\" >= {1}", [(object)memberId], [(object)MonthKey.Of(atUtc, zone)]);
            await foreach (var row in ReadRowsAsync(command, ct))
                rows[(row.Month, row.MemberId)] = row;
        }
        return rows;
    }

    /// <summary>The members' stored months around the touched ones: one statement per 500 members (SQL Server takes 2,100 parameters).</summary>
    private static async Task<Dictionary<(int Month, long MemberId), MemberMonth>> ReadMonthsAsync(
        LoyaltyDbContext db, IEnumerable<(int Month, long MemberId)> touched, CancellationToken ct)
    {
        var rows = new Dictionary<(int Month, long MemberId), MemberMonth>();
        var months = touched.SelectMany(k => new[] { MonthKey.Add(k.Month, -1), k.Month, MonthKey.Add(k.Month, 1) }).Distinct().Order().ToList();
        foreach (var memberIds in touched.Select(k => k.MemberId).Distinct().Chunk(MembersPerRead))
        {
            // Months of other touched members in the list are read too; nothing looks them up.
            await using var command = Command(db, "SELECT \"Month\", \"MemberId\", \"JoinMonth\", \"Purchases\", \"SpendCents\", \"Channels\", \"FirstPurchaseAtUtc\", \"StoreId\", \"TierCode\" " +
                "FROM \"MemberMonths\" WHERE \"MemberId\" IN ({0}) AND \"Month\" IN ({1})", memberIds.Cast<object>(), months.Cast<object>());
            await foreach (var row in ReadRowsAsync(command, ct))
                rows[(row.Month, row.MemberId)] = row;
        }
        return rows;
    }

    private static async IAsyncEnumerable<MemberMonth> ReadRowsAsync(System.Data.Common.DbCommand command,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new MemberMonth
            {
                Month = reader.GetInt32(0), MemberId = reader.GetInt64(1), JoinMonth = reader.GetInt32(2), Purchases = reader.GetInt32(3),
                SpendCents = reader.GetInt64(4), Channels = reader.GetInt32(5), FirstPurchaseAtUtc = reader.GetDateTime(6),
                StoreId = reader.GetInt32(7), TierCode = reader.GetString(8),
            };
        }
    }

    /// <summary>The members' tier changes, oldest first.</summary>
    private static async Task<Dictionary<long, List<TierMark>>> ReadHistoriesAsync(LoyaltyDbContext db, IEnumerable<long> memberIds, CancellationToken ct)
    {
        var marks = new Dictionary<long, List<TierMark>>();
        foreach (var chunk in memberIds.Chunk(MembersPerRead))
        {
            await using var command = Command(db, "SELECT \"MemberId\", \"Id\", \"OccurredAtUtc\", \"FromTier\", \"ToTier\" FROM \"TierHistory\" WHERE \"MemberId\" IN ({0})",
                chunk.Cast<object>());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var memberId = reader.GetInt64(0);
                if (!marks.TryGetValue(memberId, out var list))
                    marks[memberId] = list = [];
                list.Add(new TierMark(reader.GetInt64(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
            }
        }
        return marks.ToDictionary(m => m.Key, m => TierMark.Ordered(m.Value));
    }

    private const int MembersPerRead = 500;

    /// <summary>A command in the context's transaction; each {n} of <paramref name="sql"/> becomes the parameters of the n-th list.</summary>
    private static System.Data.Common.DbCommand Command(LoyaltyDbContext db, string sql, params IEnumerable<object>[] lists)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var names = new object[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            names[i] = string.Join(", ", lists[i].Select(value =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@r" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = value;
                command.Parameters.Add(parameter);
                return parameter.ParameterName;
            }));
        }
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, names);
        return command;
    }

    private static MemberMonth Copy(MemberMonth r) => new()
    {
        Month = r.Month, MemberId = r.MemberId, JoinMonth = r.JoinMonth, Purchases = r.Purchases, SpendCents = r.SpendCents, Channels = r.Channels,
        FirstPurchaseAtUtc = r.FirstPurchaseAtUtc, StoreId = r.StoreId, TierCode = r.TierCode,
    };
}
