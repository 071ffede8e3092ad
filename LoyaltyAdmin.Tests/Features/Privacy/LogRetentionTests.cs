using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>The daily run prunes the audit log and the API's request records older than their configured periods, and nothing younger.</summary>
public sealed class LogRetentionTests : IAsyncDisposable
{
    private static readonly DateOnly Today = new(2026, 3, 10);

    private readonly MembersFixture f = new(configure: s => s.AddPrivacy().Configure<PrivacyOptions>(o => (o.AuditRetentionDays, o.ApiRequestRetentionDays) = (30, 7)));

    public ValueTask DisposeAsync() => f.DisposeAsync();

    [Fact]
    public async Task TheDailyStep_DeletesAuditEntriesVisitsAndApiRequestsOlderThanTheirPeriods()
    {
        var member = await f.AddMemberAsync();
        var store = await f.ManagerStoreAsync();
        await using (var db = f.NewContext())
        {
            foreach (var (action, daysAgo) in new[] { ("old", 31), ("kept", 29) })
                db.AuditLog.Add(new AuditEntry { Action = action, AtUtc = Utc(daysAgo), UserName = "owner", EntityType = "Member", EntityId = member.ToString() });
            foreach (var (id, daysAgo) in new[] { ("evt-old", 8), ("evt-kept", 6) })
                db.ProcessedEvents.Add(new ProcessedEvent { EventId = id, MemberId = member, Type = "Purchase", TierAfter = "regular", ProcessedAtUtc = Utc(daysAgo) });
            db.MemberVisits.AddRange(new MemberVisit { MemberId = member, StoreId = store, UserId = "m", Day = Today.AddDays(-31) },
                new MemberVisit { MemberId = member, StoreId = store, UserId = "m", Day = Today.AddDays(-1) });
            await db.SaveChangesAsync();
        }
        var step = f.Get<IEnumerable<IDailyStep>>().OfType<LogRetentionStep>().Single();

        await step.RunAsync(Today, CancellationToken.None);
        await step.RunAsync(Today, CancellationToken.None); // safe to run twice

        await using var check = f.NewContext();
        Assert.Equal(["kept"], await check.AuditLog.Select(a => a.Action).ToListAsync());
        Assert.Equal(["evt-kept"], await check.ProcessedEvents.Select(e => e.EventId).ToListAsync());
        Assert.Equal([Today.AddDays(-1)], await check.MemberVisits.Select(v => v.Day).ToListAsync());
    }

    [Fact]
    public async Task ZeroDays_KeepsEverything()
    {
        await using var f0 = new MembersFixture(configure: s => s.AddPrivacy().Configure<PrivacyOptions>(o => (o.AuditRetentionDays, o.ApiRequestRetentionDays) = (0, 0)));
        await using (var db = f0.NewContext())
        {
            db.AuditLog.Add(new AuditEntry { Action = "ancient", AtUtc = Utc(5000), UserName = "owner", EntityType = "Member", EntityId = "1" });
            await db.SaveChangesAsync();
        }

        await f0.Get<IEnumerable<IDailyStep>>().OfType<LogRetentionStep>().Single().RunAsync(Today, CancellationToken.None);

        await using var check = f0.NewContext();
        Assert.Equal(1, await check.AuditLog.CountAsync());
    }

    /// <summary>Noon in Shanghai, <paramref name="daysAgo"/> merchant days before <see cref="Today"/>.</summary>
    private static DateTime Utc(int daysAgo) => Today.AddDays(-daysAgo).ToDateTime(new TimeOnly(4, 0), DateTimeKind.Utc);
}
