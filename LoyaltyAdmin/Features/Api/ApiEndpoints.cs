using System.Threading.RateLimiting;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>The integration API under /api/v1 (see PRODUCT.md, "Integration API"), its OpenAPI document and reference page.</summary>
public static class ApiEndpoints
{
    public const string RateLimitPolicy = "api-key";
    private const int ProgrammeMaxBytes = 1024 * 1024;

    public static IServiceCollection AddLoyaltyApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ApiService>();
        services.AddHostedService<ApiKeyBootstrapper>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthenticationHandler.Policy, p =>
            p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(ApiKeyAuthenticationHandler.KeyIdClaim));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue.PermitsPerMinute;
                // The authorization middleware has already put the key's principal on the context.
                var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "anonymous";
                return RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, permits), TokensPerPeriod = Math.Max(1, permits), ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.Problem(429, "rate_limited", "Too many requests for this key.", $"Retry after {seconds} seconds.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddLoyaltyOpenApi();
        return services;
    }

    public static IEndpointRouteBuilder MapLoyaltyApi(this IEndpointRouteBuilder app)
    {
        app.MapLoyaltyOpenApi();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ApiKeyAuthenticationHandler.Policy)
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags(ApiOpenApi.Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapPost("/members", RegisterMember).WithName("RegisterMember").WithSummary("Register a member")
            .WithDescription("Creates the member with the programme's first tier and its registration award; the home store is the key's. "
                + "409 member_exists when the phone number is taken; 400 unknown_referral_code for a referral code no member has.")
            .Accepts<RegisterMemberRequest>("application/json")
            .Produces<MemberResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        api.MapGet("/members/{phone}", GetMember).WithName("GetMember")
            .WithSummary("A member's tier, points, growth value, progress to the next tier and active coupons")
            .WithDescription("Any store's key may read any member: members belong to the merchant, not to a store. 404 member_not_found.")
            .Produces<MemberResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/events", PostEvent).WithName("PostEvent")
            .WithSummary("Report an activity (purchase, refund, checkin, share, review, profile_completed)")
            .WithDescription("Answers the points awarded with one line per rule, the new balance and tier. Re-sending the same eventId awards nothing twice. "
                + "An orderId is unique within the key's store: a purchase with one already used there (by any member) is 409 order_exists and writes nothing. "
                + "A refund answers the points it took back (negative or 0) and, separately, the shortfall: points the member had already spent.")
            .Accepts<ActivityEventRequest>("application/json")
            .Produces<ActivityEventResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/redemptions", Redeem).WithName("Redeem").WithSummary("Redeem a catalogue item, or spend points")
            .WithDescription("With itemCode: redeems one unit of that catalogue item at the server's price of the merchant's day (member-day discount "
                + "included), claims its stock and issues its coupon, all or nothing. Errors: 422 unknown_item, 422 item_not_available, 409 out_of_stock, "
                + "422 limit_reached (the item's lifetime limit per member), 409 price_changed (points sent differ from today's price), 422 insufficient_points. "
                + "With orderAmount (and orderId): points as payment, the points pay part of the order at the merchant's rate (422 points_payment_disabled, "
                + "below_minimum, above_share). Otherwise: spends the given points. Points go oldest first and never overdraw. "
                + "The same requestId answers the first result again.")
            .Accepts<RedemptionRequest>("application/json")
            .Produces<RedemptionResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPost("/referrals/visits", ReferralVisit).WithName("ReferralVisit").WithSummary("Report that a member's referral link was opened")
            .WithDescription("Counts toward the first step of the running campaign's funnel (links opened → registrations → first orders). "
                + "Not a write to any member: no idempotency key; send it once per visit.")
            .Accepts<ReferralVisitRequest>("application/json")
            .Produces<ReferralVisitResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/catalogue", GetCatalogue).WithName("GetCatalogue").WithSummary("Catalogue items that can be redeemed today, at today's price")
            .WithDescription("Active items within their dates, priced for the merchant's day (member-day discount included), with the units left.")
            .Produces<IReadOnlyList<CatalogueItemResponse>>();

        api.MapPost("/coupons/{code}/redeem", RedeemCoupon).WithName("RedeemCoupon").WithSummary("Write off a coupon")
            .WithDescription("Checks the coupon (status, valid dates in merchant time, channel, minimum spend) and writes it off once. "
                + "Re-sending the same requestId answers the first result (duplicate: true). 404 coupon_not_found, 409 coupon_already_redeemed, "
                + "422 coupon_not_valid with the reason.")
            .Accepts<CouponRedeemRequest>("application/json")
            .Produces<CouponRedeemResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/program", GetProgramme).WithName("GetProgramme").WithSummary("The whole programme as one JSON document")
            .WithDescription(ApiOpenApi.ProgrammeDocument)
            .Produces<ProgrammeDocumentSchema>(StatusCodes.Status200OK, "application/json");

        api.MapPut("/program", PutProgramme).WithName("PutProgramme")
            .WithSummary("Replace the whole programme after validation (all or nothing; the programme part becomes a new version)")
            .WithDescription("Only keys created with \"May replace the programme\" may call this; others get 403 programme_change_not_allowed. "
                + "400 malformed_programme when the document cannot be read (the detail names the path); 422 invalid_programme with field errors keyed "
                + "by path (e.g. couponTemplates[2].amount, couponPacks[0].items[1].template) when it breaks a rule or names something that does not exist. "
                + "On any error nothing changes. " + ApiOpenApi.ProgrammeDocument)
            .Accepts<ProgrammeDocumentSchema>("application/json")
            .Produces<ProgrammeSaveResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> RegisterMember(HttpContext http, ApiService api, TimeProvider clock, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<RegisterMemberRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (ForOtherStore(caller, request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        var phone = v.Phone(request.Phone);
        v.Name(request.Name);
        v.Birthday(request.Birthday, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1));
        var channel = v.Channel(request.Channel, Channel.MiniProgram);
        v.Id("referralCode", request.ReferralCode, required: false);
        if (!v.IsValid)
            return v.Problem();
        var outcome = await api.RegisterAsync(caller, request, phone!, channel, ct);
        return outcome.Problem ?? TypedResults.Json(outcome.Value, ApiJson.Options, statusCode: outcome.Status);
    }

    private static async Task<IResult> ReferralVisit(HttpContext http, Referrals.ReferralCampaignService campaigns, CancellationToken ct)
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

    private static async Task<IResult> GetMember(string phone, ApiService api, CancellationToken ct)
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        if (!v.IsValid)
            return v.Problem();
        var member = await api.GetMemberAsync(normalized!, ct);
        return member is null ? ApiProblems.MemberNotFound() : TypedResults.Json(member, ApiJson.Options);
    }

    private static async Task<IResult> PostEvent(HttpContext http, ApiService api, TimeProvider clock, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<ActivityEventRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (ForOtherStore(caller, request!.StoreCode) is { } forbidden)
            return forbidden;
        var limits = options.CurrentValue;
        var v = new ApiValidation();
        v.Id("eventId", request.EventId);
        var type = v.EventType(request.Type);
        var phone = v.Phone(request.Phone);
        var occurredAt = v.OccurredAt(request.OccurredAt, clock.GetUtcNow(), limits);
        var channel = v.Channel(request.Channel, request.StoreCode is null ? Channel.MiniProgram : Channel.Store);
        var needsOrder = type is ActivityType.Purchase or ActivityType.Refund or ActivityType.Review;
        v.Id("orderId", request.OrderId, required: needsOrder);
        v.Id("reference", request.Reference, required: false);
        var amount = v.Amount(request.Amount, required: type is ActivityType.Purchase or ActivityType.Refund, positive: type == ActivityType.Refund, limits);
        if (!v.IsValid)
            return v.Problem();

        var activity = new Activity
        {
            Type = type!.Value, OccurredAt = occurredAt!.Value, Channel = channel, StoreCode = caller.StoreCode,
            OrderId = request.OrderId, Amount = amount, Reference = request.Reference,
        };
        var outcome = await api.ApplyEventAsync(caller, request, phone!, activity, ct);
        return outcome.Problem ?? TypedResults.Json(outcome.Value, ApiJson.Options);
    }

    private static async Task<IResult> Redeem(HttpContext http, ApiService api, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<RedemptionRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (ForOtherStore(caller, request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        var phone = v.Phone(request.Phone);
        // With an item the server prices it; points, when sent, are the price the member was shown.
        if (request.ItemCode is null || request.Points is not null)
            v.Points(request.Points);
        v.Id("itemCode", request.ItemCode, required: false);
        v.Id("orderId", request.OrderId, required: request.OrderAmount is not null);
        if (request.OrderAmount is not null)
        {
            v.Amount(request.OrderAmount, required: true, positive: true, options.CurrentValue);
            if (request.ItemCode is not null)
                v.Add("orderAmount", "'orderAmount' pays an order with points; it cannot be sent with 'itemCode'.");
        }
        if (!v.IsValid)
            return v.Problem();
        var outcome = await api.RedeemAsync(caller, request, phone!, ct);
        return outcome.Problem ?? TypedResults.Json(outcome.Value, ApiJson.Options);
    }

    private static async Task<IResult> GetCatalogue(ApiService api, CancellationToken ct) =>
        TypedResults.Json(await api.CatalogueAsync(ct), ApiJson.Options);

    private static async Task<IResult> RedeemCoupon(string code, HttpContext http, ApiService api, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<CouponRedeemRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (ForOtherStore(caller, request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        v.Id("code", code);
        var phone = request.Phone is null ? null : v.Phone(request.Phone);
        v.Id("orderId", request.OrderId, required: false);
        var channel = v.Channel(request.Channel, Channel.Store);
        var amount = v.Amount(request.Amount, required: false, positive: false, options.CurrentValue);
        if (!v.IsValid)
            return v.Problem();
        var outcome = await api.RedeemCouponAsync(caller, code, request, phone, channel, amount, ct);
        return outcome.Problem ?? TypedResults.Json(outcome.Value, ApiJson.Options);
    }

    private static async Task<IResult> GetProgramme(ProgrammeDocumentService documents, CancellationToken ct) =>
        TypedResults.Content(await documents.ExportAsync(ct), "application/json");

    private static async Task<IResult> PutProgramme(HttpContext http, ProgrammeDocumentService documents, ApiKeyService keys, CancellationToken ct)
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
        var result = await documents.ImportAsync(new string(buffer, 0, read), StaffActor.System("api:" + caller.StoreCode), $"Imported through the API ({caller.KeyName})", ct);
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

    private static IResult? ForOtherStore(ApiCaller caller, string? storeCode) =>
        storeCode is null || string.Equals(storeCode.Trim(), caller.StoreCode, StringComparison.OrdinalIgnoreCase) ? null : ApiProblems.StoreForbidden(storeCode);
}
