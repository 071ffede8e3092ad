using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The one model of the application. Each database provider has a derived context
/// (<see cref="SqliteLoyaltyDbContext"/>, <see cref="SqlServerLoyaltyDbContext"/>) that owns its migrations.
/// </summary>
public abstract class LoyaltyDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Key ring shared by every app instance on this database, so a cookie from one is valid on all.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Store> Stores => Set<Store>();
    public DbSet<MerchantSettings> MerchantSettings => Set<MerchantSettings>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LoyaltyDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every timestamp is stored in UTC; reading it back must not lose that.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}

public sealed class SqliteLoyaltyDbContext(DbContextOptions<SqliteLoyaltyDbContext> options) : LoyaltyDbContext(options);

public sealed class SqlServerLoyaltyDbContext(DbContextOptions<SqlServerLoyaltyDbContext> options) : LoyaltyDbContext(options);
