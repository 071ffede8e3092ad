using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Api;

/// <summary>POST /members (register) and GET /members/{phone} (the member card).</summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        api.MapPost("/members", RegisterAsync).WithName("RegisterMember").WithSummary("Register a member")
            .WithDescription("Creates the member with the programme's first tier and its registration award; the home store is the key's. "
                + "409 member_exists when the phone number is taken; 400 unknown_referral_code for a referral code no member has. "
                + "With marketingConsent the member's answer is recorded (channel, wording version, time) in their consent history.")
            .Accepts<RegisterMemberRequest>("application/json")
            .Produces<MemberResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/members/{phone}", GetAsync).WithName("GetMember")
            .WithSummary("A member's tier, points, growth value, progress to the next tier and active coupons")
            .WithDescription("Any store's key may read any member: members belong to the merchant, not to a store. The progress texts are in the language "
                + "of Accept-Language (zh-CN or zh-Hans: Simplified Chinese; otherwise English), without it in the member's preferred language. "
                + "404 member_not_found.")
            .Produces<MemberResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters());
        return api;
    }

    /// <summary>
    /// One write: the member, the first tier, the registration award, the new-member pack, the referral link and the request's
    /// idempotency record. The same requestId and body answers the member again (201); another body is 409.
    /// </summary>
    private static async Task<IResult> RegisterAsync(HttpContext http, MemberService members, ApiMembers cards, TimeProvider clock, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<RegisterMemberRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (caller.ForOtherStore(request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        var phone = v.Phone(request.Phone);
        v.Name(request.Name);
        v.Birthday(request.Birthday, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1));
        var channel = v.Channel(request.Channel, Channel.MiniProgram);
        v.Id("referralCode", request.ReferralCode, required: false);
        v.ConsentWording(request.MarketingConsent, request.ConsentWordingVersion);
        if (!v.IsValid)
            return v.Problem();
        var consent = request.MarketingConsent is { } agreed ? new ConsentAnswer(agreed, ApiMembers.ToWire(channel), request.ConsentWordingVersion?.Trim()) : null;

        var registered = await members.RegisterAsync(caller.Actor(),
            new RegistrationRequest(phone!, request.Name!.Trim(), request.Birthday, channel, caller.StoreId, request.ReferralCode, consent),
            caller.LedgerId("members", request.RequestId!), ApiIdempotency.HashOf(request), ct);
        if (registered.DifferentRequest)
            return ApiProblems.IdempotencyConflict("requestId");
        if (registered.Errors.For(nameof(MemberProfileModel.Phone)) is not null)
            return ApiProblems.Problem(409, "member_exists", "A member with this phone number already exists.", "Read it with GET /api/v1/members/{phone}.");
        if (registered.Errors.For(nameof(MemberProfileModel.ReferredByCode)) is not null)
            return ApiProblems.Field("referralCode", "No member has this referral code.", "unknown_referral_code");
        if (!registered.Succeeded)
            return ApiProblems.Validation(registered.Errors.Errors.ToDictionary(e => WireField(e.Key), e => new[] { e.Value }));
        return Answer(http, await cards.CardAsync(phone!, ct, ApiLanguage.Requested(http.Request)), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string phone, HttpContext http, ApiMembers cards, CancellationToken ct)
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        if (!v.IsValid)
            return v.Problem();
        return await cards.CardAsync(normalized!, ct, ApiLanguage.Requested(http.Request)) is { } card ? Answer(http, card) : ApiProblems.MemberNotFound();
    }

    /// <summary>The card, saying which language its texts are in.</summary>
    private static IResult Answer(HttpContext http, MemberResponse? card, int status = StatusCodes.Status200OK)
    {
        if (card is null)
            return ApiProblems.MemberNotFound();
        ApiLanguage.Answered(http.Response, card.Language);
        return TypedResults.Json(card, ApiJson.Options, statusCode: status);
    }

    private static string WireField(string modelField) => modelField switch
    {
        nameof(MemberProfileModel.ReferredByCode) => "referralCode",
        nameof(MemberProfileModel.HomeStoreId) => "storeCode",
        "" => "",
        _ => char.ToLowerInvariant(modelField[0]) + modelField[1..],
    };
}
