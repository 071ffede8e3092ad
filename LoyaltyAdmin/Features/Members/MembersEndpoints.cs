using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Members;

public static class MembersEndpoints
{
    /// <summary>File downloads of the members feature (a plain GET, so the browser saves the file itself).</summary>
    public static IEndpointRouteBuilder MapMembersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/bulk/template.xlsx", () => Results.File(BulkAdjustmentService.Template(), Xlsx.ContentType, "bulk-adjustment-template.xlsx"))
            .RequireAuthorization(Permissions.Members.BulkAdjust);
        app.MapGet("/members/import/members-template.xlsx", (Imports.MemberImportService import) => Results.File(import.Template(), Xlsx.ContentType, "member-import-template.xlsx"))
            .RequireAuthorization(Permissions.Members.Import);
        app.MapGet("/members/import/orders-template.xlsx", (Imports.OrderImportService import) => Results.File(import.Template(), Xlsx.ContentType, "order-import-template.xlsx"))
            .RequireAuthorization(Permissions.Members.Import);
        app.MapGet("/members/export.xlsx", async (HttpContext http, MemberExport export, IStringLocalizer<MembersText> l, string? search, string? tier,
                int? store, DateOnly? joinedFrom, DateOnly? joinedTo, DateOnly? activeSince, CancellationToken ct) =>
            {
                var actor = StaffActor.From(http.User);
                // The list's rule, as a field message: those who see masked phones search by a whole number only.
                if (MemberSearch.IsRefused(actor, search))
                    return Results.ValidationProblem(new Dictionary<string, string[]> { ["search"] = [l["Members.SearchWholeNumber"]] });
                http.Response.ContentType = Xlsx.ContentType;
                http.Response.Headers.ContentDisposition = "attachment; filename=members.xlsx";
                await export.WriteAsync(actor, new MemberQuery(search, tier, store, joinedFrom, joinedTo, activeSince), http.Response.Body, ct);
                return Results.Empty;
            })
            .RequireAuthorization(Permissions.Members.Export);
        return app;
    }
}
