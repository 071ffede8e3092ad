using LoyaltyAdmin.Features.Programme;

namespace LoyaltyAdmin.Features.Api;

/// <summary>GET/PUT /program: the whole programme as one JSON document; and POST /referrals/visits.</summary>
public static class ProgrammeApi
{
    private const int ProgrammeMaxBytes = 1024 * 1024;

    public static RouteGroupBuilder MapProgrammeApi(this RouteGroupBuilder api)
    {
        api.MapGet("/program", GetAsync).WithName("GetProgramme").WithSummary("The whole programme as one JSON document")
            .WithDescription(ApiOpenApi.ProgrammeDocument)
            .Produces<ProgrammeDocumentSchema>(StatusCodes.Status200OK, "application/json");

        api.MapPut("/program", PutAsync).WithName("PutProgramme")
            .WithSummary("Replace the whole programme after validation (all or nothing; the programme part becomes a new version)")
            .WithDescription("Only keys created with \"May replace the programme\" may call this; others get 403 programme_change_not_allowed. "
                + "400 malformed_programme when the document cannot be read (the detail names the path); 422 invalid_programme with field errors keyed "
                + "by path (e.g. couponTemplates[2].amount, couponPacks[0].items[1].template) when it breaks a rule or names something that does not exist. "
                + "On any error nothing changes. " + ApiOpenApi.ProgrammeDocument)
            .Accepts<ProgrammeDocumentSchema>("application/json")
            .Produces<ProgrammeSaveResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/referrals/visits", ReferralVisitAsync).WithName("ReferralVisit").WithSummary("Report that a member's referral link was opened")
            .WithDescription("Counts toward the first step of the running campaign's funnel (links opened → registrations → first orders). "
                + "Not a write to any member: no idempotency key; send it once per visit.")
            .Accepts<ReferralVisitRequest>("application/json")
            .Produces<ReferralVisitResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> GetAsync(ProgrammeDocumentService documents, CancellationToken ct) =>
        TypedResults.Content(await documents.ExportAsync(ct), "application/json");

    private static async Task<IResult> PutAsync(HttpContext http, ProgrammeDocumentService documents, ApiKeyService keys, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        if (!await keys.MayChangeProgrammeAsync(caller.KeyId, ct))
            return ApiProblems.Problem(403, "programme_change_not_allowed", "This key may not change the programme.",
                "An Owner can create a key that may (Settings → API keys → \"May replace the programme\").");
        if (!http.Request.HasJsonContentType())
            return ApiJson.UnsupportedMediaType();
        if (http.Request.ContentLength > ProgrammeMaxBytes)
            return ApiProblems.TooLarge(ProgrammeMaxBytes);
        using var reader = new StreamReader(http.Request.Body);
        var buffer = new char[ProgrammeMaxBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, ct);
        if (read > ProgrammeMaxBytes)
            return ApiProblems.TooLarge(ProgrammeMaxBytes);
        var result = await documents.ImportAsync(new string(buffer, 0, read), caller.Actor(), $"Imported through the API ({caller.KeyName})", ct);
        var preview = result.Preview;
        if (preview.ParseError is not null)
            return ApiProblems.Problem(400, "malformed_programme", "The programme document cannot be read.", preview.ParseError);
        if (preview.Errors.Count > 0)
            return ApiProblems.Validation(preview.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                "invalid_programme", StatusCodes.Status422UnprocessableEntity);
        return TypedResults.Json(new ProgrammeSaveResponse(result.Applied, result.Version?.Number, result.Preview.Changes.Select(c => c.ToString()).ToList(),
            result.Applied ? [.. preview.Sections.Where(x => x.Given).Select(x => new ProgrammeSectionChanges(x.Section, x.Added, x.Changed, x.Deactivated, x.Removed))] : []),
            ApiJson.Options);
    }

    private static async Task<IResult> ReferralVisitAsync(HttpContext http, Referrals.ReferralCampaignService campaigns, CancellationToken ct)
    {
        var (request, problem) = await ApiJson.ReadAsync<ReferralVisitRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        var v = new ApiValidation();
        v.Id("referralCode", request!.ReferralCode);
        if (!v.IsValid)
            return v.Problem();
        return await campaigns.RecordLinkUseAsync(request.ReferralCode!, ct) is { } counted
            ? TypedResults.Json(new ReferralVisitResponse(counted), ApiJson.Options)
            : ApiProblems.Problem(404, "unknown_referral_code", "No member has this referral code.");
    }
}
