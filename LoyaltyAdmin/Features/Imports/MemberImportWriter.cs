using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>
/// One member import as ONE write of the <see cref="WritePipeline"/>, so it commits whole or not at all: on SQLite inside the
/// one writer's savepoint (other writes wait the few seconds it takes), elsewhere in the pipeline's transaction. Rows go in
/// chunks: each chunk's members are saved first (their ids), then their tier line, growth and opening lots, and the change
/// tracker is emptied, so memory stays flat for a large file. Each member is written as the other system had it: joined on its
/// day, in its tier (history reason "imported"), with its lifetime spend and growth, and every opening lot as a points entry
/// of kind <see cref="PointsEntryKind.Migration"/> whose lot keeps its own last day. No business events are published: the
/// other system already told its subscribers, and a webhook per imported member would echo a whole member base back to them.
/// </summary>
internal sealed class MemberImportWriter(WriteScope scope, StaffActor actor, IStringLocalizer<ImportText> l,
    IProgress<ImportProgress>? progress, CancellationToken ct)
{
    public const int ChunkSize = 1000;
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public async Task<ImportOutcome> WriteAsync(ImportPreview<MemberImportRow> preview)
    {
        var db = scope.Db;
        // Read again inside the write: a member registered since the dry run is skipped like any other; a code taken since refuses all.
        var known = await ImportLookups.MemberIdsAsync(db, preview.Rows.Select(r => r.Phone).Concat(preview.Rows.Select(r => r.ReferredByPhone).OfType<string>()), ct);
        var rows = preview.Rows.Where(r => !known.ContainsKey(r.Phone)).ToList();
        var taken = await ImportLookups.TakenReferralCodesAsync(db, rows.Select(r => r.ReferralCode).OfType<string>(), ct);
        if (taken.Count > 0)
        {
            scope.Refuse();
            return new ImportOutcome(0, 0, 0, l["Import.ReferralCodeTaken", string.Join(", ", taken.Take(5))]);
        }
        if (rows.Count == 0)
            return new ImportOutcome(0, preview.Rows.Count, 0, null);
        // A large import dirties far more pages than SQLite's default 2 MB cache: each page spilled before the commit costs a write.
        var sqlite = db.Database.IsSqlite();
        if (sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -131072", ct);
        try
        {
            return await WriteRowsAsync(preview, rows, known);
        }
        finally
        {
            if (sqlite)
                await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000", CancellationToken.None);
        }
    }

    private async Task<ImportOutcome> WriteRowsAsync(ImportPreview<MemberImportRow> preview, List<MemberImportRow> rows, Dictionary<string, long> known)
    {
        var db = scope.Db;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(scope.NowUtc, scope.Zone));
        var imported = new Dictionary<string, Member>(StringComparer.Ordinal);
        var usedCodes = new HashSet<string>(rows.Select(r => r.ReferralCode).OfType<string>(), StringComparer.OrdinalIgnoreCase);
        var (done, points, lots) = (0, 0L, 0);
        foreach (var chunk in rows.Chunk(ChunkSize))
        {
            var codes = await NewCodesAsync(chunk.Count(r => r.ReferralCode is null), usedCodes);
            var members = new List<(MemberImportRow Row, Member Member)>(chunk.Length);
            foreach (var row in chunk)
            {
                long? referrer = null;
                if (row.ReferredByPhone is { } by)
                {
                    if (imported.TryGetValue(by, out var inFile) && inFile.Id == 0)
                        await scope.SaveAsync(ct); // its id comes at the save on a server database
                    referrer = inFile?.Id ?? known[by];
                }
                var member = new Member
                {
                    Phone = row.Phone, Name = row.Name, Birthday = row.Birthday, JoinedAtUtc = Utc(row.JoinedOn), JoinChannel = Channel.Store, HomeStoreId = row.HomeStoreId,
                    ReferralCode = row.ReferralCode ?? codes.Pop(), ReferredByMemberId = referrer, Status = MemberStatus.Active, TierCode = row.TierCode,
                    TierSince = today, TierValidUntil = row.TierValidUntil, LifetimeSpend = row.LifetimeSpend, GrowthValue = row.GrowthValue,
                    PointsBalance = row.Lots.Sum(x => x.Points),
                };
                await scope.Rows.InsertAsync(member);
                imported[row.Phone] = member;
                members.Add((row, member));
            }
            await scope.SaveAsync(ct);
            foreach (var (row, member) in members)
            {
                await scope.Rows.InsertAsync(new TierHistoryEntry
                {
                    MemberId = member.Id, ToTier = row.TierCode, Change = TierChangeKind.Initial, ReasonCode = TierReason.Imported.Code,
                    OccurredAtUtc = member.JoinedAtUtc, RecordedAtUtc = scope.NowUtc, ValidUntil = row.TierValidUntil,
                });
                scope.Rollups.Tier(member, TierChangeKind.Initial, row.TierCode, member.JoinedAtUtc);
                if (row.GrowthValue > 0)
                {
                    await scope.Rows.InsertAsync(new GrowthEntry
                    {
                        MemberId = member.Id, Kind = GrowthEntryKind.Adjust, Growth = row.GrowthValue, GrowthAfter = row.GrowthValue, OccurredAtUtc = scope.NowUtc,
                        RuleId = "migration",
                    });
                }
                var balance = 0L;
                foreach (var lot in row.Lots)
                {
                    balance += lot.Points;
                    var entry = new PointsEntry
                    {
                        MemberId = member.Id, Kind = PointsEntryKind.Migration, Source = PointsSource.Operator, Points = lot.Points, BalanceAfter = balance,
                        OccurredAtUtc = scope.NowUtc, RecordedAtUtc = scope.NowUtc, OperatorId = actor.UserId, RuleId = "migration",
                        ExplanationData = lot.ExpiresOn is { } until ? LedgerExplanation.Text("Ledger.MigratedUntil", MemberImportService.Day(until))
                            : LedgerExplanation.Text("Ledger.Migrated"),
                    };
                    await scope.Rows.InsertAsync(entry);
                    await scope.Rows.InsertAsync(new PointLot
                    {
                        MemberId = member.Id, Entry = entry, Points = lot.Points, Remaining = lot.Points, EarnedOn = today, ExpiresOn = lot.ExpiresOn, AvailableFrom = today,
                    });
                    scope.Rollups.Points(member, PointsEntryKind.Migration, lot.Points, scope.NowUtc);
                    scope.Rollups.OpenPoints(member, lot.ExpiresOn, lot.Points);
                    points += lot.Points;
                    lots++;
                }
                scope.Touched(member.Id);
            }
            await scope.SaveAsync(ct);
            if (!db.Database.IsSqlite())
                db.ChangeTracker.Clear(); // saved; SQLite's rows never join the context
            done += chunk.Length;
            progress?.Report(new ImportProgress(done, rows.Count));
        }
        await AuditLog.RecordAsync(scope, actor, "members.imported", "MemberImport", preview.FileName, null,
            new { File = preview.FileName, Imported = rows.Count, Skipped = preview.Rows.Count - rows.Count + preview.Skipped, Lots = lots, Points = points });
        return new ImportOutcome(rows.Count, preview.Rows.Count - rows.Count, points, null);

        DateTime Utc(DateOnly day) => TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), scope.Zone);
    }

    /// <summary>Fresh referral codes no member has and no row of the file names.</summary>
    private async Task<Stack<string>> NewCodesAsync(int count, HashSet<string> used)
    {
        var codes = new Stack<string>(count);
        while (codes.Count < count)
        {
            var candidates = Enumerable.Range(0, count - codes.Count).Select(_ => Code()).Where(used.Add).ToList();
            var taken = await ImportLookups.TakenReferralCodesAsync(scope.Db, candidates, ct);
            foreach (var code in candidates.Where(c => !taken.Contains(c)))
                codes.Push(code);
        }
        return codes;
    }

    private static string Code() => string.Create(8, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
            span[i] = Alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });
}
