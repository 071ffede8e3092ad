using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// The architecture rule that the write pipeline is the only writer of money, checked on the app's own registration:
/// every context the app creates refuses a money write that does not come through <see cref="WritePipeline"/>. Every
/// service test runs with the same guard, so a service that bypassed the pipeline would fail its own tests.
/// </summary>
public sealed class WriteGuardTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    private IDbContextFactory<LoyaltyDbContext> AppContexts => host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

    public Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose(); // starts the host: migrations, Owner, first programme version
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task SavingAMoneyRow_OutsideThePipeline_IsRefused_AndWritesNothing()
    {
        await using var db = await AppContexts.CreateDbContextAsync();
        db.Members.Add(new Member { Phone = "13800000001", Name = "Bypass", ReferralCode = "BYPASS01", TierCode = "regular" });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());

        Assert.Contains("WritePipeline", refused.Message);
        await using var check = await AppContexts.CreateDbContextAsync();
        Assert.Equal(0, await check.Members.CountAsync());
    }

    [Fact]
    public async Task AStatementOnAMoneyTableOrOnStock_OutsideThePipeline_IsRefused()
    {
        await using var db = await AppContexts.CreateDbContextAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Members.ExecuteUpdateAsync(s => s.SetProperty(m => m.PointsBalance, 1_000_000)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.PointsEntries.ExecuteDeleteAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.CouponTemplates.ExecuteUpdateAsync(s => s.SetProperty(t => t.Issued, 0)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Database.ExecuteSqlRawAsync("UPDATE \"Members\" SET \"PointsBalance\" = 5"));
    }

    [Fact]
    public async Task TheSameWrites_ThroughThePipeline_AndConfigurationOutsideIt_AreAccepted()
    {
        await using (var db = await AppContexts.CreateDbContextAsync())
        {
            db.Stores.Add(new Store { Code = "S9", Name = "Configuration is not money" });
            db.CouponTemplates.Add(new CouponTemplate { Name = "¥5 off", Kind = CouponKind.AmountOff, Amount = 5, ValidDays = 7 });
            await db.SaveChangesAsync();
        }

        var id = await host.Services.GetRequiredService<WritePipeline>().RunAsync(async scope =>
        {
            var member = new Member { Phone = "13800000002", Name = "Piped", ReferralCode = "PIPED001", TierCode = "regular", JoinedAtUtc = scope.NowUtc };
            await scope.Rows.InsertAsync(member);
            return member.Id;
        });

        await using var check = await AppContexts.CreateDbContextAsync();
        Assert.Equal("Piped", (await check.Members.SingleAsync(m => m.Id == id)).Name);
    }
}
