using System.ComponentModel;
using LoyaltyAdmin.Features.Privacy;

namespace LoyaltyAdmin.Features.Api;

[Description("The member was erased: their name, phone number and birthday are gone; their coupons were voided and their points expired.")]
public sealed record ErasureResponse(
    [property: Description("The requestId the erasure was asked with.")] string RequestId,
    [property: Description("True when this answers a repeat of a request already done.")] bool Duplicate,
    [property: Description("Coupons that were voided."), Example(2)] int CouponsVoided,
    [property: Description("Points that expired with reason \"erased\"."), Example(1280)] long PointsExpired,
    [property: Description("When the member was erased (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime ErasedAtUtc);

/// <summary>GET /members/{phone}/export (everything held about a member) and DELETE /members/{phone} (erasure), for the member's own requests.</summary>
public static class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        api.MapGet("/members/{phone}/export", ExportAsync).WithName("ExportMemberData")
            .WithSummary("Everything held about a member")
            .WithDescription("The member's answer to \"what do you hold about me?\": profile, consent history, points ledger with explanations, points by "
                + "expiry, growth, tier history, orders, coupons, redemptions and referrals (other members by number only). Logged in the access log. "
                + "404 member_not_found.")
            .Produces<PersonalData>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters());

        api.MapDelete("/members/{phone}", EraseAsync).WithName("EraseMember")
            .WithSummary("Erase a member on their request")
            .WithDescription("Anonymises the member: name, birthday and phone number are removed (the number is kept only as a salted hash, so it earns no "
                + "referral reward again), issued coupons are voided and every point expires with reason \"erased\"; the points history stays without "
                + "personal data, so reports do not move. Idempotent by the requestId query parameter: the same requestId answers the first result "
                + "(duplicate: true) even though the phone no longer names anyone; the same requestId for another phone is 409 idempotency_conflict. "
                + "404 member_not_found.")
            .Produces<ErasureResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.RequestId));
        return api;
    }

    private static async Task<IResult> ExportAsync(string phone, HttpContext http, MemberDataExport export, CancellationToken ct)
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        if (!v.IsValid)
            return v.Problem();
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        return await export.ForPhoneAsync(caller.Actor(), normalized!, ct) is { } data
            ? TypedResults.Json(data, MemberDataExport.Json)
            : ApiProblems.MemberNotFound();
    }

    private static async Task<IResult> EraseAsync(string phone, string? requestId, HttpContext http, MemberErasure erasure, CancellationToken ct)
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        v.Id("requestId", requestId);
        if (!v.IsValid)
            return v.Problem();
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var result = await erasure.EraseByPhoneAsync(caller.Actor(), normalized!, caller.LedgerId("deletions", requestId!), ct);
        return result.Outcome switch
        {
            ErasureOutcome.Erased or ErasureOutcome.Replayed => TypedResults.Json(
                new ErasureResponse(requestId!, result.Outcome == ErasureOutcome.Replayed, result.CouponsVoided, result.PointsExpired, result.ErasedAtUtc!.Value),
                ApiJson.Options),
            ErasureOutcome.DifferentRequest => ApiProblems.IdempotencyConflict("requestId"),
            _ => ApiProblems.MemberNotFound(),
        };
    }
}
