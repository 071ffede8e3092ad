using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Notices.NoticesTestData;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>
/// Two app instances on one PostgreSQL database, each with its own daily run and publisher: a day's notices are computed
/// once and each goes out once, even when both instances run the day and publish at the same moment.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NoticesTwoInstancesTests(PostgresCluster cluster)
{
    private const int Members = 12;

    [PgFact]
    public async Task BothInstancesRunTheDayAndPublish_EachMemberGetsOneNotice()
    {
        var connection = await cluster.CreateDatabaseAsync("notices");
        var settings = new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:PostgreSql"] = connection };
        var clock = new ManualClock(Shanghai("2027-03-02 00:05")); // the daily run, just after midnight
        await using var a = Start(settings, clock);
        await using var b = Start(settings, clock);
        var today = new DateOnly(2027, 3, 2);
        var ids = new List<long>();
        for (var i = 0; i < Members; i++)
        {
            var id = await InsertMemberAsync(connection, $"139000000{i:00}");
            // Earned a year ago under the 12-month expiry: last valid day 2027-03-09, a week away.
            var earned = await a.Services.GetRequiredService<PointsLedgerService>().ApplyActivityAsync(id, $"old-{i}", new Activity
            {
                Type = ActivityType.Purchase, OccurredAt = Shanghai("2026-03-10 10:00"), Channel = Channel.Store, OrderId = $"OLD-{i}", Amount = 40,
            });
            Assert.Equal(40, earned.Points);
            ids.Add(id);
        }

        await Task.WhenAll(
            Jobs(a).RunDueAsync("instance-a"), Jobs(b).RunDueAsync("instance-b"),
            Jobs(a).RunDayAsync(today), Jobs(b).RunDayAsync(today));

        await using (var db = Context(connection))
        {
            var notices = await db.MemberNotices.AsNoTracking().ToListAsync();
            Assert.Equal(ids.Order(), notices.Select(n => n.MemberId).Order());
            Assert.All(notices, n => Assert.Equal((BusinessEvents.NoticePointsExpiring, "2027-03-09/7", NoticeStatus.Scheduled),
                (n.Type, n.Subject, n.Status)));
        }

        clock.Set(Shanghai("2027-03-02 09:01"));
        var sent = await Task.WhenAll(Publisher(a).PublishDueAsync(), Publisher(b).PublishDueAsync());

        await using var check = Context(connection);
        var events = await check.OutboxEvents.AsNoTracking().Where(e => e.Type.StartsWith("notice.")).ToListAsync();
        Assert.Equal(ids.Order(), events.Select(e => e.MemberId!.Value).Order()); // one event per member, not two
        Assert.True(sent.Sum() <= Members); // the background publisher may have taken some
        Assert.All(await check.MemberNotices.AsNoTracking().ToListAsync(), n => Assert.Equal(NoticeStatus.Sent, n.Status));
    }

    private static AppHost Start(IDictionary<string, string?> settings, TimeProvider clock)
    {
        var host = new AppHost(settings: new Dictionary<string, string?>(settings), clock: clock);
        host.CreateBrowserlessClient().Dispose();
        return host;
    }

    private static MemberJobs Jobs(AppHost host) => host.Services.GetRequiredService<MemberJobs>();

    private static NoticePublisher Publisher(AppHost host) => host.Services.GetRequiredService<NoticePublisher>();

    private static PostgreSqlLoyaltyDbContext Context(string connection) =>
        new(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(connection).Options);

    private static async Task<long> InsertMemberAsync(string connection, string phone)
    {
        await using var db = Context(connection);
        var member = new Member
        {
            Phone = phone, Name = "Han Meimei", JoinedAtUtc = new DateTime(2024, 1, 5, 4, 0, 0, DateTimeKind.Utc), JoinChannel = Channel.MiniProgram,
            ReferralCode = "R" + phone[^7..], TierCode = "regular", TierSince = new DateOnly(2024, 1, 5),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}
