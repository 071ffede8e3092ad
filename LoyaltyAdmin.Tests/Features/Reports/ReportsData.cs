using System.Security.Claims;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Reports;

/// <summary>
/// A small, hand-computed data set (merchant zone Asia/Shanghai, 1 point per ¥1, 100 points = ¥1), run through the real
/// ledger so the rollups are the live ones. Figures the tests expect, month by month:
/// <code>
/// member  store  joined (Shanghai)        purchases
/// A       S1     Jan 5                    Jan 10 ¥100 mini · Jan 20 ¥50 store · Feb 3 ¥80 app (→ Silver); redeems 100 on Feb 25
/// B       S1     Jan 31 23:30 (15:30Z)    Jan 31 23:40 ¥30 store · Feb 14 ¥200 mini (→ Silver) · Mar 2 ¥10 app
/// C       S2     Feb 1 00:30 (Jan 31 16:30Z)  Feb 1 00:45 ¥40 mini · Feb 20 ¥60 mini (¥20 refunded Mar 12) · Mar 5 ¥25 store
/// D       S2     Feb 10                   no purchase; +30 goodwill on Mar 8
/// </code>
/// Issued: Jan 180, Feb 380, Mar 35 · redeemed Feb 100 · adjusted Mar +30 · reversed Mar 20 · liability Mar 505 (¥5.05).
/// </summary>
public sealed class ReportsData : IAsyncDisposable
{
    public const int Jan = 202601, Feb = 202602, Mar = 202603;

    private ReportsData(MembersFixture fixture) => F = fixture;

    public MembersFixture F { get; }
    public long A { get; private set; }
    public long B { get; private set; }
    public long C { get; private set; }
    public long D { get; private set; }
    public int Store1 { get; private set; }
    public int Store2 { get; private set; }

    public ReportService Reports => F.Get<ReportService>();

    public static StaffActor Analyst => MembersFixture.Analyst;
    public static StaffActor Owner => MembersFixture.Owner;

    public StaffActor ManagerOf(int store) =>
        StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, "manager-" + store), new Claim(ClaimTypes.Name, "manager@shop.test"),
            new Claim(ClaimTypes.Role, Roles.StoreManager), new Claim(LoyaltyClaimsPrincipalFactory.StoreIdClaim, store.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ], "test")));

    public static async Task<ReportsData> CreateAsync()
    {
        var f = new MembersFixture(configure: s => s.AddReports());
        var data = new ReportsData(f);
        await data.FillAsync();
        return data;
    }

    private async Task FillAsync()
    {
        var teaShop = ProgrammeTemplates.TeaShop;
        F.Clock.Now = At(2025, 12, 1);
        await F.UseProgrammeAsync(ProgrammeTemplates.Minimal with
        {
            Tiers = [teaShop.Tiers[0], teaShop.Tiers[1] with { PointsMultiplier = 1m }],
            QualificationWindowMonths = 12,
        });
        await using (var db = F.NewContext())
        {
            var s1 = new Store { Code = "S1", Name = "People's Square" };
            var s2 = new Store { Code = "S2", Name = "Jing'an" };
            db.Stores.AddRange(s1, s2);
            await db.SaveChangesAsync();
            (Store1, Store2) = (s1.Id, s2.Id);
        }

        A = await JoinAsync("13800000001", At(2026, 1, 5), Store1);
        B = await JoinAsync("13800000002", At(2026, 1, 31, 15, 30), Store1);
        C = await JoinAsync("13800000003", At(2026, 1, 31, 16, 30), Store2);
        D = await JoinAsync("13800000004", At(2026, 2, 10), Store2);

        await BuyAsync(A, 100, "A1", At(2026, 1, 10), Channel.MiniProgram);
        await BuyAsync(A, 50, "A2", At(2026, 1, 20), Channel.Store);
        await BuyAsync(B, 30, "B1", At(2026, 1, 31, 15, 40), Channel.Store);
        await BuyAsync(C, 40, "C1", At(2026, 1, 31, 16, 45), Channel.MiniProgram);
        await BuyAsync(A, 80, "A3", At(2026, 2, 3), Channel.App);
        await BuyAsync(B, 200, "B2", At(2026, 2, 14), Channel.MiniProgram);
        await BuyAsync(C, 60, "C2", At(2026, 2, 20), Channel.MiniProgram);
        F.Clock.Now = At(2026, 2, 25);
        Assert.Equal(LedgerError.None, (await F.Ledger.RedeemAsync(A, 100, "redeem-A")).Error);
        await BuyAsync(B, 10, "B3", At(2026, 3, 2), Channel.App);
        await BuyAsync(C, 25, "C3", At(2026, 3, 5), Channel.Store);
        F.Clock.Now = At(2026, 3, 8);
        var adjusted = await F.Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = D, Points = 30, Reason = AdjustmentReason.Goodwill, Note = "welcome" });
        Assert.Equal(AdjustOutcome.Applied, adjusted.Outcome);
        F.Clock.Now = At(2026, 3, 12);
        Assert.True((await F.Ledger.RefundAsync(C, "refund-C2", "C2", 20m, F.Clock.Now)).Succeeded);
        F.Clock.Now = At(2026, 4, 5);
    }

    private async Task<long> JoinAsync(string phone, DateTimeOffset at, int store)
    {
        F.Clock.Now = at;
        var id = await F.AddMemberAsync(phone);
        await using var db = F.NewContext();
        var member = await db.Members.FindAsync(id);
        member!.HomeStoreId = store;
        await db.SaveChangesAsync();
        return id;
    }

    private async Task BuyAsync(long member, decimal amount, string order, DateTimeOffset at, Channel channel)
    {
        F.Clock.Now = at;
        var result = await F.Ledger.ApplyActivityAsync(member, "evt-" + order, MembersFixture.Purchase(amount, order, at, channel));
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    /// <summary>A UTC instant; without hour, 02:00Z (10:00 in Shanghai, the same merchant day).</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 2, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public ValueTask DisposeAsync() => F.DisposeAsync();
}
