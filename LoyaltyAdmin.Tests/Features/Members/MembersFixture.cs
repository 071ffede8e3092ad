using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>A clock the test moves by hand.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

/// <summary>
/// A real, migrated SQLite file with the members feature wired as the app wires it (the same
/// <c>AddMembers()</c>), a hand-moved clock, and helpers to insert members and check the ledger.
/// </summary>
public sealed class MembersFixture : IAsyncDisposable
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private readonly ServiceProvider services;
    private readonly TestContextFactory unguarded;
    private readonly string folder;

    public MembersFixture(long approvalLimit = 500, Action<IServiceCollection>? configure = null)
    {
        folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        FilePath = Path.Combine(folder, "members.db");
        var connection = DataServiceCollectionExtensions.SqliteConnectionString($"Data Source={FilePath}", folder);
        Clock = new TestClock(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero));

        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        collection.AddLocalization();
        // The services' contexts refuse money writes outside the write pipeline, as the app's do; the test's own (seeding, checks) do not.
        collection.AddDbContextFactory<SqliteLoyaltyDbContext>(o => o.UseSqlite(connection).AddInterceptors(WriteGuard.Instance));
        collection.AddSingleton<IDbContextFactory<LoyaltyDbContext>, ContextFactory>();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddSingleton<MerchantClock>();
        collection.AddMembers();
        collection.Configure<MembersOptions>(o => o.ApprovalLimit = approvalLimit);
        configure?.Invoke(collection);
        services = collection.BuildServiceProvider();
        unguarded = new TestContextFactory(connection);

        using var db = NewContext();
        db.Database.Migrate();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
    }

    public string FilePath { get; }
    public TestClock Clock { get; }
    public IServiceProvider Services => services;
    /// <summary>Contexts for the test itself: seeding data directly, and checking what the services wrote.</summary>
    public IDbContextFactory<LoyaltyDbContext> DbFactory => unguarded;
    public PointsLedgerService Ledger => services.GetRequiredService<PointsLedgerService>();
    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    /// <summary>A tier history entry's reason as the member page shows it (kept as data, rendered in the reader's language).</summary>
    public string ReasonOf(TierHistoryEntry entry) =>
        TierReason.Render(entry.ReasonCode, entry.ReasonArgument, entry.Reason, Get<Microsoft.Extensions.Localization.IStringLocalizer<MembersText>>());

    public static StaffActor Owner { get; } = Actor("owner-1", "owner@shop.test", Roles.Owner);
    /// <summary>The store <see cref="Manager"/> works at; <see cref="ManagerStoreAsync"/> creates it.</summary>
    public const int ManagerStoreId = 1;

    public static StaffActor Manager { get; } = ManagerOf(ManagerStoreId);
    public static StaffActor Analyst { get; } = Actor("analyst-1", "analyst@shop.test", Roles.Analyst);

    public static StaffActor Actor(string id, string name, string role, params Claim[] claims) =>
        StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role), .. claims], "test")));

    /// <summary>A StoreManager of <paramref name="storeId"/>, as signing in makes one (the store claim).</summary>
    public static StaffActor ManagerOf(int storeId, string id = "manager-1", string name = "manager@shop.test") =>
        Actor(id, name, Roles.StoreManager,
            new Claim(LoyaltyClaimsPrincipalFactory.StoreIdClaim, storeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Creates <see cref="Manager"/>'s store (id <see cref="ManagerStoreId"/>) unless it is there, and answers its id.</summary>
    public async Task<int> ManagerStoreAsync()
    {
        await using var db = NewContext();
        if (!await db.Stores.AnyAsync(s => s.Id == ManagerStoreId))
        {
            db.Stores.Add(new Store { Id = ManagerStoreId, Code = "S001", Name = "Store S001", CreatedAtUtc = Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        return ManagerStoreId;
    }

    /// <summary>A member of <see cref="Manager"/>'s store, whom the manager serves.</summary>
    public async Task<long> AddStoreMemberAsync(string phone = "13800000001") => await AddMemberAsync(phone, homeStoreId: await ManagerStoreAsync());

    public LoyaltyDbContext NewContext() => DbFactory.CreateDbContext();

    public Task UseProgrammeAsync(LoyaltyAdmin.Rules.Programme programme) =>
        Get<ProgrammeStore>().SaveVersionAsync(programme, Clock.GetUtcNow().UtcDateTime.AddSeconds(-1));

    /// <summary>Inserts a member directly (test data, not a registration: no points, no audit).</summary>
    public async Task<long> AddMemberAsync(string phone = "13800000001", string tier = "regular", DateOnly? birthday = null, DateOnly? tierValidUntil = null,
        int? homeStoreId = null)
    {
        await using var db = NewContext();
        var member = new Member
        {
            Phone = phone, Name = "Member " + phone[^4..], ReferralCode = "R" + phone[^7..], TierCode = tier, Birthday = birthday,
            JoinedAtUtc = Clock.GetUtcNow().UtcDateTime, TierSince = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime), TierValidUntil = tierValidUntil,
            HomeStoreId = homeStoreId,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    public async Task<Member> MemberAsync(long id)
    {
        await using var db = NewContext();
        return await db.Members.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public async Task<List<PointsEntry>> EntriesAsync(long memberId)
    {
        await using var db = NewContext();
        return await db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId).OrderBy(e => e.Id).ToListAsync();
    }

    public async Task<List<PointLot>> LotsAsync(long memberId)
    {
        await using var db = NewContext();
        return await db.PointLots.AsNoTracking().Where(l => l.MemberId == memberId).OrderBy(l => l.Id).ToListAsync();
    }

    /// <summary>The ledger's invariants: balance = sum of entries = points left in lots; pending = pending lots; never negative.</summary>
    public async Task AssertLedgerConsistentAsync(long memberId)
    {
        var member = await MemberAsync(memberId);
        var entries = await EntriesAsync(memberId);
        var lots = await LotsAsync(memberId);
        Assert.Equal(entries.Sum(e => e.Points), member.PointsBalance);
        Assert.Equal(lots.Sum(l => l.Remaining), member.PointsBalance);
        Assert.Equal(lots.Where(l => l.IsPending).Sum(l => l.Remaining), member.PendingPoints);
        Assert.True(member.PointsBalance >= 0);
        Assert.All(lots, l => Assert.InRange(l.Remaining, 0, l.Points));
        long running = 0;
        foreach (var entry in entries)
        {
            running += entry.Points;
            Assert.True(running >= 0, $"entry {entry.Id} took the balance below zero");
        }
    }

    public static Activity Purchase(decimal amount, string orderId, DateTimeOffset at, Channel channel = Channel.MiniProgram) =>
        new() { Type = ActivityType.Purchase, Amount = amount, OrderId = orderId, OccurredAt = at, Channel = channel };

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans the temp folder.
        }
    }

    private sealed class TestContextFactory(string connection) : IDbContextFactory<LoyaltyDbContext>
    {
        private readonly DbContextOptions<SqliteLoyaltyDbContext> options = new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite(connection).Options;

        public LoyaltyDbContext CreateDbContext() => new SqliteLoyaltyDbContext(options);
    }

    private sealed class ContextFactory(IDbContextFactory<SqliteLoyaltyDbContext> inner) : IDbContextFactory<LoyaltyDbContext>
    {
        public LoyaltyDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
