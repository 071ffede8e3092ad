using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Retention;

public sealed class SegmentServiceTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddCampaigns());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private SegmentService Segments => f.Get<SegmentService>();

    private static SegmentCondition C(SegmentField field, SegmentOperator op, decimal n = 0, string? text = null, int window = 0) => new(field, op, n, text, window);

    [Theory]
    [InlineData(new[] { 0 }, null)]
    [InlineData(new[] { 0, 10 }, 30.0)]
    [InlineData(new[] { 0, 20, 40, 100 }, 40.0)]
    [InlineData(new[] { 0, 10, 30, 60, 100 }, 50.0)]
    public void Lapsing_IsTwiceTheMembersOwnMedianGap_AndAtLeast30Days(int[] purchaseDays, double? threshold)
    {
        var purchases = purchaseDays.Select(d => new DateTime(2026, 1, 1).AddDays(d)).ToList();

        Assert.Equal(threshold, Lapsing.ThresholdDays(purchases));
    }

    [Fact]
    public async Task AndOrGroups_CountOnlyMembersMeetingEveryGroup()
    {
        var goldBuyer = await f.AddMemberAsync("13800000001", tier: "gold");
        var richBuyer = await f.AddMemberAsync("13800000002");
        var goldIdle = await f.AddMemberAsync("13800000003", tier: "gold");
        var plain = await f.AddMemberAsync("13800000004");
        await f.SetAsync(richBuyer, m => m.PointsBalance = 800);
        foreach (var id in new[] { goldBuyer, richBuyer, plain })
            await f.OrderAsync(id, 50m, daysAgo: 5);
        await f.OrderAsync(goldIdle, 50m, daysAgo: 60);
        var definition = new SegmentDefinition(
        [
            new SegmentGroup([C(SegmentField.Tier, SegmentOperator.Is, text: "gold"), C(SegmentField.PointsBalance, SegmentOperator.AtLeast, 500)], MatchAny: true),
            new SegmentGroup([C(SegmentField.PurchasesInWindow, SegmentOperator.AtLeast, 1, window: 30)]),
        ]);

        Assert.Equal(2, await Segments.CountAsync(Owner, definition));
        Assert.Equal([goldBuyer, richBuyer], (await Segments.PreviewAsync(Owner, definition)).Select(r => r.Id));
        Assert.Equal(4, await Segments.CountAsync(Owner, definition with { MatchAnyGroup = true }));
    }

    [Fact]
    public async Task SpendRecencyBirthdayAndConsent_TranslateToTheQuery()
    {
        var spender = await f.ConsentingMemberAsync("13800000001");
        var refunded = await f.ConsentingMemberAsync("13800000002");
        var march = await f.AddMemberAsync("13800000003", birthday: new DateOnly(1990, 3, 2));
        await f.OrderAsync(spender, 300m, daysAgo: 100);
        await f.OrderAsync(refunded, 300m, daysAgo: 100, refunded: 250m);

        Assert.Equal(1, await Segments.CountAsync(Owner, SegmentDefinition.Of(C(SegmentField.SpendInWindow, SegmentOperator.AtLeast, 200, window: 365))));
        Assert.Equal(2, await Segments.CountAsync(Owner, SegmentDefinition.Of(C(SegmentField.DaysSinceLastPurchase, SegmentOperator.AtLeast, 90),
            C(SegmentField.PurchasesInWindow, SegmentOperator.AtLeast, 1))));
        Assert.Equal(0, await Segments.CountAsync(Owner, SegmentDefinition.Of(C(SegmentField.DaysSinceLastPurchase, SegmentOperator.AtMost, 90))));
        Assert.Equal([march], await Segments.MemberIdsAsync(Owner, SegmentDefinition.Of(C(SegmentField.BirthdayMonth, SegmentOperator.Is, 3))));
        Assert.Equal([spender, refunded], await Segments.MemberIdsAsync(Owner, SegmentDefinition.Of(C(SegmentField.MarketingConsent, SegmentOperator.Is, 1))));
    }

    [Fact]
    public async Task BuiltInLapsing_KeepsMembersPastTwiceTheirMedianGap()
    {
        var weekly = await f.AddMemberAsync("13800000001");
        var monthlyLate = await f.AddMemberAsync("13800000002");
        var monthlyOnTime = await f.AddMemberAsync("13800000003");
        foreach (var d in new[] { 40, 47, 54 })
            await f.OrderAsync(weekly, 20m, d); // median 7 days → lapsing after 30 (the minimum); 40 days since
        foreach (var d in new[] { 130, 100, 70 })
            await f.OrderAsync(monthlyLate, 20m, d); // median 30 → lapsing after 60; 70 days since
        foreach (var d in new[] { 95, 65, 35 })
            await f.OrderAsync(monthlyOnTime, 20m, d); // 35 days since < 60

        var lapsing = SegmentDefinition.BuiltIns.Single(b => b.Key == "lapsing").Definition;

        Assert.Equal([weekly, monthlyLate], await Segments.MemberIdsAsync(Owner, lapsing));
        Assert.Equal(2, await Segments.CountAsync(Owner, lapsing));
    }

    [Fact]
    public async Task BuiltInVip_IsTheTopTenPercentBy12MonthSpend()
    {
        var ids = new List<long>();
        for (var i = 1; i <= 20; i++)
        {
            ids.Add(await f.AddMemberAsync($"138000000{i:00}"));
            await f.OrderAsync(ids[^1], i * 100m, daysAgo: 10);
        }
        await f.OrderAsync(ids[0], 10_000m, daysAgo: 400); // older than 12 months: does not count

        var vip = SegmentDefinition.BuiltIns.Single(b => b.Key == "vip").Definition;

        Assert.Equal([ids[18], ids[19]], await Segments.MemberIdsAsync(Owner, vip));
    }

    [Fact]
    public async Task BuiltIns_AreSavedOnce_InTheUsersLanguage_AndCanBeEdited()
    {
        var first = await Segments.ListAsync(Owner);
        var again = await Segments.ListAsync(Owner);
        var lapsing = first.Single(s => s.BuiltInKey == "lapsing");

        var (saved, id) = await Segments.SaveAsync(Owner, lapsing.Id, "Lapsing in S001",
            lapsing.Definition with { Groups = [new SegmentGroup([C(SegmentField.HomeStore, SegmentOperator.Is, text: "1")])] });

        Assert.Equal(6, first.Count);
        Assert.Equal(first.Select(s => s.Id), again.Select(s => s.Id));
        Assert.True(saved.Succeeded);
        Assert.Equal(lapsing.Id, id);
        var edited = (await Segments.ListAsync(Owner)).Single(s => s.Id == id);
        Assert.Equal("Lapsing in S001", edited.Name);
        Assert.True(edited.Definition.LapsingOnly);
        Assert.Equal("1", edited.Definition.Groups[0].Conditions[0].Text);
    }

    [Fact]
    public async Task ASegmentName_IsRequired_AndOnlyTheOwnerSaves()
    {
        var (empty, _) = await Segments.SaveAsync(Owner, null, "  ", SegmentDefinition.Everyone);

        Assert.False(empty.Succeeded);
        Assert.NotNull(empty.For("Name"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Segments.SaveAsync(Manager, null, "Mine", SegmentDefinition.Everyone));
    }

    [Fact]
    public async Task AStoreManager_CountsAndPreviewsTheirStoreOnly_AndAnAnalystSeesMaskedPhones()
    {
        var own = await f.AddStoreMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");

        Assert.Equal(1, await Segments.CountAsync(Manager, SegmentDefinition.Everyone));
        Assert.Equal([own], (await Segments.PreviewAsync(Manager, SegmentDefinition.Everyone)).Select(r => r.Id));
        Assert.Equal("13800000001", (await Segments.PreviewAsync(Manager, SegmentDefinition.Everyone))[0].Phone);
        Assert.Equal(2, await Segments.CountAsync(Analyst, SegmentDefinition.Everyone));
        Assert.All(await Segments.PreviewAsync(Analyst, SegmentDefinition.Everyone), r => Assert.Contains("****", r.Phone));
    }

    [Fact]
    public async Task TheExport_HoldsTheSegmentsMembers_AndIsAudited()
    {
        await f.AddMemberAsync("13800000001", tier: "gold");
        await f.AddMemberAsync("13800000002");
        var id = await f.SegmentAsync(SegmentDefinition.Of(C(SegmentField.Tier, SegmentOperator.Is, text: "gold")));
        using var output = new MemoryStream();

        await Segments.ExportAsync(Analyst, id, output);

        output.Position = 0;
        using var workbook = new ClosedXML.Excel.XLWorkbook(output);
        var sheet = workbook.Worksheet(1);
        Assert.Equal(2, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal("138****0001", sheet.Cell(2, 1).GetString());
        await using var db = f.NewContext();
        Assert.Single(db.AuditLog.Where(a => a.Action == "segment.exported"));
    }
}
