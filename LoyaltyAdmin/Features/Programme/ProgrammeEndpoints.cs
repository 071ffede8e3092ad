using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

public static class ProgrammeEndpoints
{
    /// <summary><c>GET /programme/export[?version=id]</c>: the programme document as a JSON file.</summary>
    public static IEndpointRouteBuilder MapProgrammeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/programme/export", async (long? version, ProgrammeService programmes, CancellationToken ct) =>
        {
            try
            {
                var json = await programmes.ExportAsync(version, ct);
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
        return services;
    }
}
