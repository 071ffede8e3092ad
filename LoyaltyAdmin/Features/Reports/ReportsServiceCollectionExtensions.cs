using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Reports;

public static class ReportsServiceCollectionExtensions
{
    /// <summary>Reports, the dashboard, their exports and the rollup rebuild (the live rollups are registered by <c>AddMembers</c>).</summary>
    public static IServiceCollection AddReports(this IServiceCollection services)
    {
        services.AddSingleton<ReportService>();
        services.AddSingleton<ReportExporter>();
        services.AddSingleton<RollupRebuild>();
        services.AddSingleton<RollupRebuildRunner>();
        services.AddSingleton<ReportExportQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportExportQueue>());
        return services;
    }

    /// <summary>The finished export's download: only for the user who asked for it.</summary>
    public static IEndpointRouteBuilder MapReportsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/reports/exports/{id:guid}", (Guid id, HttpContext http, ReportExportQueue queue) =>
                queue.ReadyFor(id, StaffActor.From(http.User).UserId) is { } job
                    ? Results.File(ReportExportQueue.PathOf(job), Xlsx.ContentType, job.FileName)
                    : Results.NotFound())
            .RequireAuthorization(Permissions.Reports.Export);
        return app;
    }
}
