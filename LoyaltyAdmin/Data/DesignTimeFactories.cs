using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace LoyaltyAdmin.Data;

// Used by dotnet-ef only, so migrations are generated without starting the web host.
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLoyaltyDbContext>
{
    public SqliteLoyaltyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerLoyaltyDbContext>
{
    public SqlServerLoyaltyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerLoyaltyDbContext>().UseSqlServer("Server=(design);Database=LoyaltyAdmin").Options);
}

public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlLoyaltyDbContext>
{
    public PostgreSqlLoyaltyDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql("Host=design;Database=loyaltyadmin").Options);
}
