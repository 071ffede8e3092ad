using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Campaigns;

public static class CampaignsEndpoints
{
    /// <summary>File downloads of the campaigns feature: a segment's members and an automation's results, as .xlsx.</summary>
    public static IEndpointRouteBuilder MapCampaignsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/campaigns/segments/{id:long}/export.xlsx", async (long id, HttpContext http, SegmentService segments, MerchantClock clock, CancellationToken ct) =>
            {
                var actor = StaffActor.From(http.User);
                if (await segments.GetAsync(id, ct) is null)
                    return Results.NotFound();
                http.Response.ContentType = Xlsx.ContentType;
                http.Response.Headers.ContentDisposition = $"attachment; filename=segment-{id}.xlsx";
                await segments.ExportAsync(actor, id, http.Response.Body, ct);
                return Results.Empty;
            })
            .RequireAuthorization(Permissions.Members.Export);
        app.MapGet("/campaigns/automations/{id:long}/results.xlsx", async (long id, HttpContext http, LiftService lift, CancellationToken ct) =>
            {
                var actor = StaffActor.From(http.User);
                return await lift.MeasureAsync(actor, id, ct) is { } result
                    ? Results.File(LiftWorkbook.Build(result), Xlsx.ContentType, $"automation-{id}-results.xlsx")
                    : Results.NotFound();
            })
            .RequireAuthorization(Permissions.Campaigns.ViewAutomations);
        return app;
    }
}
