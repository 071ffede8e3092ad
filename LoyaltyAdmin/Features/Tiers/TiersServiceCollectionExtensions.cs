using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Tiers;

public static class TiersServiceCollectionExtensions
{
    /// <summary>Dry runs of threshold changes and explicit tier recalculation (the members feature's ledger does the writing).</summary>
    public static IServiceCollection AddTiers(this IServiceCollection services)
    {
        services.AddSingleton<TierDryRunService>();
        services.AddSingleton<TierRecalculationService>();
        return services;
    }

    /// <summary>The recalculation worker (not in tests, which run it by hand).</summary>
    public static IServiceCollection AddTierJobs(this IServiceCollection services) => services.AddHostedService<TierRecalculationHostedService>();

    /// <summary><c>GET /programme/dry-run/{id}</c>: the members a dry run would move, as .xlsx, for the Owner who ran it.</summary>
    public static IEndpointRouteBuilder MapTierEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/programme/dry-run/{id:guid}", async (Guid id, HttpContext http, TierDryRunService dryRuns, CancellationToken ct) =>
        {
            var actor = StaffActor.From(http.User);
            var file = new MemoryStream();
            if (!await dryRuns.WriteListAsync(actor, id, file, ct))
                return Results.NotFound();
            file.Position = 0;
            return Results.File(file, Xlsx.ContentType, "tier-dry-run.xlsx");
        }).RequireAuthorization(Permissions.Programme.Manage);
        return app;
    }
}
