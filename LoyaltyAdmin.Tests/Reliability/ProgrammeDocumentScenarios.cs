using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The whole-programme import on each provider: its staged saves inside one transaction, and a document that reads back
/// the same (PostgreSQL returns decimals with the column's scale, SQLite does not).
/// </summary>
public abstract class ProgrammeDocumentScenarios : IAsyncLifetime
{
    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private AppHost host = null!;
    private AsyncServiceScope scope;

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    private ProgrammeDocumentService Documents => scope.ServiceProvider.GetRequiredService<ProgrammeDocumentService>();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose();
        scope = host.Services.CreateAsyncScope();
    }

    public async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await host.DisposeAsync();
    }

    protected async Task TheWholeDocument_Imports_AndTheSameFileAgainChangesNothing()
    {
        var json = ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full);

        var first = await Documents.ImportAsync(json, Owner, null);
        var again = await Documents.PreviewAsync(json);

        Assert.True(first.Applied, string.Join("; ", first.Preview.Errors));
        Assert.Empty(again.Changes);
        Assert.Empty((await Documents.PreviewAsync(await Documents.ExportAsync())).Changes);
    }

    protected async Task AnInvalidDocument_LeavesEveryTableAsItWas()
    {
        await Documents.ImportAsync(ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full), Owner, null);
        var before = await Documents.ExportAsync();
        var bad = ProgrammeDocumentSamples.Full with
        {
            Programme = ProgrammeTemplates.TeaShop with { Name = "Not saved" },
            CouponTemplates = [ProgrammeDocumentSamples.Templates[0] with { Stock = 5 }, ProgrammeDocumentSamples.Templates[1]],
            Catalogue = [ProgrammeDocumentSamples.Items[0] with { Cash = -1 }],
        };

        var result = await Documents.ImportAsync(ProgrammeDocumentSamples.Json(bad), Owner, null);

        Assert.False(result.Applied);
        Assert.Contains(result.Preview.Errors, e => e.Path == "catalogue[0].cash");
        Assert.Equal(before, await Documents.ExportAsync());
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        Assert.Equal(2, await db.ProgrammeVersions.CountAsync());
    }
}

public sealed class SqliteProgrammeDocumentTests : ProgrammeDocumentScenarios
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task TheWholeDocument_Imports_AndReadsBackTheSame() => TheWholeDocument_Imports_AndTheSameFileAgainChangesNothing();

    [Fact]
    public Task AnInvalidDocument_ChangesNothing() => AnInvalidDocument_LeavesEveryTableAsItWas();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlProgrammeDocumentTests(PostgresCluster cluster) : ProgrammeDocumentScenarios
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "programme_document");

    [PgFact]
    public Task TheWholeDocument_Imports_AndReadsBackTheSame() => TheWholeDocument_Imports_AndTheSameFileAgainChangesNothing();

    [PgFact]
    public Task AnInvalidDocument_ChangesNothing() => AnInvalidDocument_LeavesEveryTableAsItWas();
}
