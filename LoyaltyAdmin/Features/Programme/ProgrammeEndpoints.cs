using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

public static class ProgrammeEndpoints
{
    /// <summary><c>GET /programme/export[?version=id]</c>: the whole programme document (or one earlier programme version) as a JSON file.</summary>
    public static IEndpointRouteBuilder MapProgrammeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/programme/export", async (long? version, ProgrammeService programmes, ProgrammeDocumentService documents, CancellationToken ct) =>
        {
            try
            {
                // The current state is the whole document; an earlier version is its rules-engine programme only (sections have no history).
                var json = version is null ? await documents.ExportAsync(ct) : await programmes.ExportAsync(version, ct);
                var name = version is null ? "programme.json" : $"programme-{version}.json";
                return Results.File(System.Text.Encoding.UTF8.GetBytes(json), "application/json", name);
            }
            catch (InvalidOperationException) when (version is not null)
            {
                return Results.NotFound();
            }
        }).RequireAuthorization(Permissions.Programme.Manage);
        return app;
    }

    public static IServiceCollection AddProgramme(this IServiceCollection services)
    {
        services.AddScoped<ProgrammeService>();
        services.AddSingleton<DocumentRules>();
        services.AddScoped<ProgrammeDocumentService>();
        return services;
    }
}
