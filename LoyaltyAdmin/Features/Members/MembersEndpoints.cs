using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Members;

public static class MembersEndpoints
{
    /// <summary>File downloads of the members feature (a plain GET, so the browser saves the file itself).</summary>
    public static IEndpointRouteBuilder MapMembersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/bulk/template.xlsx", () => Results.File(BulkAdjustmentService.Template(), Xlsx.ContentType, "bulk-adjustment-template.xlsx"))
            .RequireAuthorization(Permissions.Members.BulkAdjust);
        app.MapGet("/members/export.xlsx", async (HttpContext http, MemberExport export, string? search, string? tier, int? store,
                DateOnly? joinedFrom, DateOnly? joinedTo, DateOnly? activeSince, CancellationToken ct) =>
            {
                http.Response.ContentType = Xlsx.ContentType;
                http.Response.Headers.ContentDisposition = "attachment; filename=members.xlsx";
                await export.WriteAsync(StaffActor.From(http.User), new MemberQuery(search, tier, store, joinedFrom, joinedTo, activeSince), http.Response.Body, ct);
            })
            .RequireAuthorization(Permissions.Members.Export);
        return app;
    }
}
