using System.Diagnostics;
using System.Globalization;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using Microsoft.Data.Sqlite;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>The reports benchmark's baseline: hand-written SQL over the raw ledger for the same figures as each report.</summary>
internal static class ReportsRawSql
{
    public static Dictionary<string, double> Run(string file, ReportFilter year)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var zone = MerchantClock.FindZone(null);
        string Utc(int month) => MonthKey.StartUtc(month, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var (from, to, end) = (Utc(year.FromMonth), Utc(year.ToMonth), Utc(MonthKey.Add(year.ToMonth, 1)));
        var prev = Utc(MonthKey.Add(year.ToMonth, -1));
        // Shanghai has no daylight saving: +8 hours turns a UTC timestamp into its merchant month.
        const string LocalMonth = "strftime('%Y%m', {0}, '+8 hours')";
        string M(string column) => string.Format(CultureInfo.InvariantCulture, LocalMonth, column);
        var activity = $"SELECT {M("OccurredAtUtc")} AS m, COUNT(*) AS buyers, SUM(c >= 2) AS repeat FROM (SELECT MemberId, MIN(OccurredAtUtc) AS OccurredAtUtc, COUNT(*) AS c FROM MemberOrders WHERE OccurredAtUtc >= '{{0}}' AND OccurredAtUtc < '{{1}}' GROUP BY MemberId, {M("OccurredAtUtc")}) GROUP BY m";
        return new Dictionary<string, double>
        {
            ["dashboard (month)"] = Time(connection,
                string.Format(CultureInfo.InvariantCulture, activity, prev, end),
                $"SELECT COUNT(*) FROM Members WHERE JoinedAtUtc >= '{prev}' AND JoinedAtUtc < '{end}'",
                $"SELECT Kind, SUM(Points) FROM PointsEntries WHERE OccurredAtUtc >= '{prev}' AND OccurredAtUtc < '{end}' GROUP BY Kind",
                "SELECT SUM(Points) FROM PointsEntries",
                "SELECT TierCode, COUNT(*) FROM Members GROUP BY TierCode"),
            ["retention (12 cohorts + MoM)"] = Time(connection,
                $"SELECT {M("m.JoinedAtUtc")} AS jm, {M("o.OccurredAtUtc")} AS om, COUNT(DISTINCT o.MemberId) FROM MemberOrders o JOIN Members m ON m.Id = o.MemberId WHERE m.JoinedAtUtc >= '{from}' AND m.JoinedAtUtc < '{end}' AND o.OccurredAtUtc < '{end}' GROUP BY jm, om",
                $"SELECT {M("JoinedAtUtc")}, COUNT(*) FROM Members WHERE JoinedAtUtc >= '{from}' AND JoinedAtUtc < '{end}' GROUP BY 1",
                $"WITH a AS (SELECT DISTINCT MemberId, {M("OccurredAtUtc")} AS m FROM MemberOrders WHERE OccurredAtUtc >= '{Utc(MonthKey.Add(year.FromMonth, -1))}' AND OccurredAtUtc < '{end}') SELECT x.m, COUNT(*) FROM a x JOIN a y ON y.MemberId = x.MemberId AND y.m = CAST(strftime('%Y%m', date(substr(x.m, 1, 4) || '-' || substr(x.m, 5, 2) || '-01', '-1 month')) AS TEXT) GROUP BY x.m"),
            ["repurchase (12 months)"] = Time(connection,
                string.Format(CultureInfo.InvariantCulture, activity, from, end),
                $"SELECT m.TierCode, COUNT(*), SUM(c >= 2) FROM (SELECT MemberId, COUNT(*) AS c FROM MemberOrders WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' GROUP BY MemberId, {M("OccurredAtUtc")}) x JOIN Members m ON m.Id = x.MemberId GROUP BY m.TierCode",
                $"WITH o AS (SELECT MemberId, Channel, {M("OccurredAtUtc")} AS m FROM MemberOrders WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}'), " +
                "mm AS (SELECT MemberId, m, COUNT(*) AS c FROM o GROUP BY MemberId, m), ch AS (SELECT DISTINCT MemberId, m, Channel FROM o) " +
                "SELECT ch.Channel, COUNT(*), SUM(mm.c >= 2) FROM ch JOIN mm ON mm.MemberId = ch.MemberId AND mm.m = ch.m GROUP BY ch.Channel"),
            ["points (12 months + expiry)"] = Time(connection,
                $"SELECT {M("OccurredAtUtc")}, Kind, SUM(Points) FROM PointsEntries WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' GROUP BY 1, 2",
                $"SELECT SUM(Points) FROM PointsEntries WHERE OccurredAtUtc < '{from}'",
                "SELECT substr(ExpiresOn, 1, 7), SUM(Remaining) FROM PointLots WHERE Remaining > 0 AND ExpiresOn >= '2026-11-01' AND ExpiresOn < '2027-11-01' GROUP BY 1"),
            ["tiers (12 months)"] = Time(connection,
                "SELECT TierCode, COUNT(*) FROM Members GROUP BY TierCode",
                $"SELECT {M("OccurredAtUtc")}, Change, COUNT(*) FROM TierHistory WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' AND Change <> 'Initial' GROUP BY 1, 2"),
        };
    }

    private static double Time(SqliteConnection connection, params string[] queries)
    {
        // One run: at full scale each takes seconds to minutes, and the page cache is warm from the rollup runs anyway.
        var sw = Stopwatch.StartNew();
        foreach (var sql in queries)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 1800;
            using var reader = command.ExecuteReader();
            while (reader.Read()) { }
        }
        return sw.Elapsed.TotalMilliseconds;
    }
}
