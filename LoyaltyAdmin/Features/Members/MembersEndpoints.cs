using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Members;

public static class MembersEndpoints
{
    /// <summary>File downloads of the members feature (a plain GET, so the browser saves the file itself).</summary>
    public static IEndpointRouteBuilder MapMembersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/bulk/template.xlsx", () => Results.File(BulkAdjustmentService.Template(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "bulk-adjustment-template.xlsx"))
            .RequireAuthorization(Permissions.Members.BulkAdjust);
        return app;
    }
}
