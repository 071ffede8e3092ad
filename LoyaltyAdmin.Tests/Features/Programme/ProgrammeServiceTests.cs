using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class ProgrammeServiceTests() : HostedTest(new ManualClock(Start))
{
    // Tuesday 10 November 2026, 10:00 in Shanghai.
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    private ManualClock Clock => (ManualClock)Host.Clock!;

    private ProgrammeService Programmes => Service<ProgrammeService>();

    private ProgrammeDocumentService Documents => Service<ProgrammeDocumentService>();

    private static StaffActor Owner { get; } = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    [Fact]
    public async Task NewInstallation_RunsTheMinimalProgramme_AsVersion1()
    {
        var (version, programme) = await Programmes.GetCurrentAsync();

        Assert.Equal(1, version.Number);
        Assert.Equal(ProgrammeJson.Serialize(ProgrammeTemplates.Minimal), ProgrammeJson.Serialize(programme));
    }

    [Fact]
    public async Task Saving_CreatesTheNextVersion_WithWhoWhenAndNote_AndAnAuditEntry()
    {
        var result = await Programmes.SaveAsync(ProgrammeTemplates.TeaShop, Owner, "Tea shop launch");

        Assert.True(result.Saved);
        Assert.Equal(2, result.Version!.Number);
        Assert.NotEmpty(result.Changes);
        var history = await Programmes.GetHistoryAsync();
        Assert.Equal([2, 1], history.Select(h => h.Number));
        Assert.Equal(AppHost.OwnerEmail, history[0].CreatedBy);
        Assert.Equal("Tea shop launch", history[0].Note);
        Assert.Equal(Start.UtcDateTime, history[0].ValidFromUtc);
        await using var db = await Host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "programme.save");
        Assert.Equal(AppHost.OwnerEmail, audit.UserName);
        Assert.Contains("tiers[gold]", audit.After);
    }

    [Fact]
    public async Task InvalidDraft_IsRefusedWithTheEnginesMessages_AndNothingIsSaved()
    {
        var invalid = ProgrammeTemplates.TeaShop with { Tiers = ProgrammeTemplates.TeaShop.Tiers.Select(t => t with { PointsMultiplier = -1m }).ToList() };

        var result = await Programmes.SaveAsync(invalid, Owner, null);

        Assert.False(result.Saved);
        Assert.Contains(result.Errors, e => e.Path == "tiers[2].pointsMultiplier");
        Assert.Single(await Programmes.GetHistoryAsync());
    }

    [Fact]
    public async Task Analyst_CannotSave()
    {
        var analyst = new StaffActor("a", "analyst@test.local", new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Analyst)], "test")));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Programmes.SaveAsync(ProgrammeTemplates.TeaShop, analyst, null));
        Assert.Single(await Programmes.GetHistoryAsync());
    }

    [Fact]
    public async Task ExportThenImport_IsTheIdentity()
    {
        await Programmes.SaveAsync(ProgrammeTemplates.TeaShop, Owner, null);

        var exported = await Documents.ExportAsync();
        var preview = await Documents.PreviewAsync(exported);

        Assert.Null(preview.ParseError);
        Assert.Empty(preview.Errors);
        Assert.Empty(preview.Changes);
        Assert.Equal(exported, ProgrammeDocumentJson.Serialize(preview.Document!));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"schemaVersion\": 99, \"tiers\": []}")]
    [InlineData("[1, 2, 3]")]
    public async Task UnreadableImport_SaysWhy_AndChangesNothing(string document)
    {
        var preview = await Documents.PreviewAsync(document);

        Assert.NotNull(preview.ParseError);
        Assert.False(preview.CanApply);
        Assert.Single(await Programmes.GetHistoryAsync());
    }

    [Fact]
    public async Task ImportOfAnInvalidProgramme_ListsTheProblems_AndCannotBeApplied()
    {
        var invalid = ProgrammeTemplates.TeaShop with { Promotions = [ProgrammeTemplates.TeaShop.Promotions[0] with { RuleIds = ["no-such-rule"] }] };

        var preview = await Documents.PreviewAsync(ProgrammeJson.Serialize(invalid));

        Assert.Null(preview.ParseError);
        Assert.Contains(preview.Errors, e => e.Path.StartsWith("promotions[", StringComparison.Ordinal) && e.Path.EndsWith(".ruleIds[0]", StringComparison.Ordinal));
        Assert.False(preview.CanApply);
        Assert.Single(await Programmes.GetHistoryAsync());
    }

    [Fact]
    public async Task RollingBack_SavesTheOldProgrammeAsANewVersion()
    {
        await Programmes.SaveAsync(ProgrammeTemplates.TeaShop, Owner, null);
        Clock.Advance(TimeSpan.FromHours(1));
        var first = (await Programmes.GetHistoryAsync()).Single(v => v.Number == 1);

        var result = await Programmes.RollbackAsync(first.Id, Owner, "back to basics");

        Assert.Equal(3, result.Version!.Number);
        var (_, current) = await Programmes.GetCurrentAsync();
        Assert.Equal(ProgrammeJson.Serialize(ProgrammeTemplates.Minimal), ProgrammeJson.Serialize(current));
        Assert.Equal(3, (await Programmes.GetHistoryAsync()).Count);
    }

    [Fact]
    public async Task AnEventDatedBeforeAChange_EarnsUnderTheRulesOfItsDate()
    {
        var memberId = await InsertMemberAsync();
        await Programmes.SaveAsync(ProgrammeTemplates.TeaShop, Owner, "large-order bonus from today");
        var ledger = Service<PointsLedgerService>();

        // Monday: the Minimal programme was in force (1 point per yuan, no bonus).
        var before = await ledger.ApplyActivityAsync(memberId, "evt-monday", Purchase(Start.AddDays(-1), 600m, "O-1"));
        // Tuesday after the save: the tea-shop programme (1 point per yuan + 100 for an order of ¥500 or more).
        var after = await ledger.ApplyActivityAsync(memberId, "evt-tuesday", Purchase(Start.AddMinutes(30), 600m, "O-2"));

        Assert.Equal(600, before.Points);
        Assert.Equal(700, after.Points);
    }

    private static Activity Purchase(DateTimeOffset at, decimal amount, string orderId) =>
        new() { Type = ActivityType.Purchase, OccurredAt = at, Channel = Channel.Store, OrderId = orderId, Amount = amount };

    private async Task<long> InsertMemberAsync()
    {
        await using var db = await Host.Services.CreateTestContextAsync();
        var member = new Member
        {
            Phone = "13800138000", Name = "Wang Fang", JoinedAtUtc = Start.AddDays(-30).UtcDateTime, JoinChannel = Channel.Store,
            ReferralCode = "WANG0001", TierCode = "regular", TierSince = new DateOnly(2026, 10, 11),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}
