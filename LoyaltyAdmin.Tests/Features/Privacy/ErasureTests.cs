using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Privacy.PrivacyScenario;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>"Delete me": the Owner's one action, and what it leaves behind (<see cref="PrivacyScenario"/>).</summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private PrivacyScenario s = default!;

    public async Task InitializeAsync() => s = await CreateAsync();

    public async Task DisposeAsync() => await s.DisposeAsync();

    [Fact]
    public async Task AfterErasure_NoTableHoldsThePhoneTheNameOrTheBirthday()
    {
        Assert.NotEmpty(await ColumnsHoldingAsync(Phone)); // the scenario did spread them
        Assert.NotEmpty(await ColumnsHoldingAsync(JsonEncodedText.Encode(NewName).Value));

        var result = await s.Erasure.EraseAsync(Owner, s.Member);

        Assert.Equal(ErasureOutcome.Erased, result.Outcome);
        string[] traces =
        [
            Phone, PhoneNumbers.Mask(Phone), Name, NewName, "张伟", JsonEncodedText.Encode(Name).Value, JsonEncodedText.Encode(NewName).Value,
            JsonEncodedText.Encode("张伟").Value, Birthday.ToString("yyyy-MM-dd"),
        ];
        foreach (var trace in traces)
            Assert.Empty(await ColumnsHoldingAsync(trace));
    }

    [Fact]
    public async Task Erasure_VoidsCoupons_ExpiresEveryPoint_AndAnonymisesTheMember_KeepingTheLedgerExact()
    {
        var before = await s.F.MemberAsync(s.Member);
        Assert.True(before.PointsBalance > 0);

        var result = await s.Erasure.EraseAsync(Owner, s.Member);

        var member = await s.F.MemberAsync(s.Member);
        Assert.Equal((MemberStatus.Erased, MemberErasure.ErasedName, $"erased:{s.Member}"), (member.Status, member.Name, member.Phone));
        Assert.Null(member.Birthday);
        Assert.False(member.MarketingConsent);
        Assert.Equal((1, before.PointsBalance), (result.CouponsVoided, result.PointsExpired));
        Assert.Equal(0, member.PointsBalance);
        var last = (await s.F.EntriesAsync(s.Member))[^1];
        Assert.Equal((PointsEntryKind.Expire, -before.PointsBalance, "erased"), (last.Kind, last.Points, last.Note));
        await s.F.AssertLedgerConsistentAsync(s.Member);
        await using var db = s.F.NewContext();
        Assert.All(await db.Coupons.Where(c => c.MemberId == s.Member).ToListAsync(), c => Assert.Equal(CouponStatus.Voided, c.Status));
        Assert.Equal(["console", "erasure"], await db.ConsentChanges.Where(c => c.MemberId == s.Member).OrderBy(c => c.Id).Select(c => c.Source).ToListAsync());
        Assert.Single(await db.AuditLog.Where(a => a.Action == "member.erased" && a.EntityId == s.Member.ToString()).ToListAsync());
        Assert.Equal(1, await db.OutboxEvents.CountAsync(e => e.Type == BusinessEvents.MemberErased && e.MemberId == s.Member));
        // The erased member can do nothing more: no purchase, no second erasure.
        Assert.Equal(LedgerError.MemberNotActive, (await s.F.Ledger.ApplyActivityAsync(s.Member, "late", Purchase(10, "L1", s.F.Clock.GetUtcNow()))).Error);
        Assert.Equal(ErasureOutcome.AlreadyErased, (await s.Erasure.EraseAsync(Owner, s.Member)).Outcome);
    }

    [Fact]
    public async Task Erasure_DoesNotMoveThePastMonthsReportTotals_EvenAfterARebuildFromTheLedger()
    {
        var before = await s.PastMonthsAsync();
        var liabilityBefore = (await s.F.Get<ReportService>().PointsAsync(Owner, ReportFilter.Month(202603))).Months[0].Liability;

        var result = await s.Erasure.EraseAsync(Owner, s.Member);

        Assert.Equal(before, await s.PastMonthsAsync());
        var march = (await s.F.Get<ReportService>().PointsAsync(Owner, ReportFilter.Month(202603))).Months[0];
        Assert.Equal(liabilityBefore - result.PointsExpired, march.Liability); // this month: the expired points leave the liability
        await s.F.Get<RollupRebuild>().RebuildAsync();
        Assert.Equal(before, await s.PastMonthsAsync());
    }

    [Fact]
    public async Task TheErasedPhone_JoiningAgainWithACode_IsANewMember_ButNoNewFriend()
    {
        await s.Erasure.EraseAsync(Owner, s.Member);
        var inviterPoints = (await s.F.MemberAsync(s.Inviter)).PointsBalance;

        var again = await s.RegisterAsync(Phone, "Back again", s.Inviter, null);

        Assert.NotEqual(s.Member, again);
        await using var db = s.F.NewContext();
        Assert.False(await db.Referrals.AnyAsync(r => r.RefereeId == again));
        Assert.Equal(inviterPoints, (await s.F.MemberAsync(s.Inviter)).PointsBalance);
        Assert.Equal(0, (await s.F.MemberAsync(again)).PointsBalance - await WelcomePointsAsync(db, again));
    }

    [Fact]
    public async Task OnlyTheOwner_MayErase()
    {
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.Erasure.EraseAsync(Analyst, s.Member));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => s.Erasure.EraseAsync(Manager, s.Member));
        Assert.Equal(MemberStatus.Active, (await s.F.MemberAsync(s.Member)).Status);
    }

    /// <summary>Points the programme's own rules gave the new member (registration), none from a referral campaign.</summary>
    private static async Task<long> WelcomePointsAsync(LoyaltyDbContext db, long memberId) =>
        await db.PointsEntries.Where(e => e.MemberId == memberId && e.Source != PointsSource.Campaign).SumAsync(e => e.Points);

    /// <summary>Every text column of every table of the model that holds <paramref name="text"/> somewhere, read with raw SQL.</summary>
    private async Task<List<string>> ColumnsHoldingAsync(string text)
    {
        await using var db = s.F.NewContext();
        var found = new List<string>();
        await using var connection = new SqliteConnection(db.Database.GetConnectionString());
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
            {
                var column = property.GetColumnName(table);
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT COUNT(*) FROM \"{table.Name}\" WHERE instr(\"{column}\", $text) > 0";
                command.Parameters.AddWithValue("$text", text);
                if ((long)(await command.ExecuteScalarAsync())! > 0)
                    found.Add($"{table.Name}.{column}");
            }
        }
        return found;
    }
}
