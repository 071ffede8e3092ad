using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// On SQLite the API's common writes are decided ahead of the one writer, which only replays their rows: a write redone
/// inside the writer is correct but costs the writer its whole run (registrations once all went that way, after three
/// refused replays each, at a fifth of the purchase rate). Checked on the default programme and on the tea shop's, whose
/// registration awards points, and with the ledger explaining every balance afterwards.
/// </summary>
public sealed class DecidedAheadTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    private WritePipeline Pipeline => host.Services.GetRequiredService<WritePipeline>();

    public async Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RegistrationsAndPurchases_AreDecidedAhead_AndTheLedgerExplainsEveryBalance(bool teaShop)
    {
        if (teaShop)
            await host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, DateTime.UtcNow.AddMinutes(-1));
        var members = host.Services.GetRequiredService<MemberService>();
        var ledger = host.Services.GetRequiredService<PointsLedgerService>();
        var (insideBefore, retriedBefore) = (Pipeline.DecidedInsideWriter, Pipeline.Retried);

        var registered = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() => members.RegisterAsync(StaffActor.System("api"),
            new RegistrationRequest($"1390000{i:0000}", "Member " + i, null, Channel.MiniProgram, null, null), $"members:reg-{i}", "hash"))));
        var purchased = await Task.WhenAll(registered.Select((r, i) => Task.Run(() => ledger.ApplyActivityAsync(r.MemberId, $"evt-{i}",
            new Activity { Type = ActivityType.Purchase, OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1), Channel = Channel.Store, Amount = 30 + i, OrderId = $"o-{i}" }))));

        Assert.All(registered, r => Assert.True(r.Succeeded));
        Assert.All(purchased, p => Assert.True(p.Succeeded, p.Error.ToString()));
        Assert.Equal(0, Pipeline.DecidedInsideWriter - insideBefore);
        Assert.Equal(0, Pipeline.Retried - retriedBefore);
        await using var db = await host.Services.CreateTestContextAsync();
        var stored = await db.Members.AsNoTracking().ToListAsync();
        var sums = await db.PointsEntries.GroupBy(e => e.MemberId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points), Count = g.Count() }).ToDictionaryAsync(g => g.Key);
        Assert.Equal(registered.Select(r => r.MemberId).Order(), stored.Select(m => m.Id).Order());
        Assert.All(stored, m => Assert.Equal(m.PointsBalance, sums[m.Id].Sum));
        var lots = await db.PointLots.GroupBy(l => l.MemberId).Select(g => new { g.Key, Sum = g.Sum(l => l.Remaining) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
        Assert.All(stored, m => Assert.Equal(m.PointsBalance, lots.GetValueOrDefault(m.Id)));
        Assert.Equal(24, await db.ProcessedEvents.CountAsync(e => e.EventId.StartsWith("members:reg-")));
        Assert.Equal(24, await db.OutboxEvents.CountAsync(e => e.Type == BusinessEvents.MemberRegistered));
        if (teaShop)
            Assert.All(stored, m => Assert.True(sums[m.Id].Count == 2, $"member {m.Id}: a registration award and a purchase"));
    }
}
