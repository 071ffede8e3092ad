using LoyaltyAdmin.Features.Members.Centre;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The member centre (会员中心) a mini-program shows a member: points history, expiry schedule, coupons, check-in calendar,
/// invitations, tier ladder and profile changes (docs/member-centre.md walks through each screen). Reads answer in the
/// caller's language (Accept-Language, else the member's); any store's key reads any member.
/// </summary>
public static class MemberCentreApi
{
    private const string Language = " Texts are in the language of Accept-Language (zh-CN or zh-Hans: Simplified Chinese; anything else: English), "
        + "without it in the member's preferred language; the answer's language field and Content-Language say which. Any store's key may read "
        + "any member. 404 member_not_found.";

    private const string Paging = " Paged: send the answer's nextCursor as cursor for the next page (null on the last); limit 1–100, default 20. "
        + "400 validation_failed for a cursor this API did not write or a limit out of range.";

    public static RouteGroupBuilder MapMemberCentreApi(this RouteGroupBuilder api)
    {
        api.MapGet("/members/{phone}/points", PointsAsync).WithName("GetPointsHistory").WithSummary("A member's points history (积分明细), newest first")
            .WithDescription("Every entry of the points ledger: its merchant day, kind, amount, balance after, source (order, rule, campaign, adjustment "
                + "with its reason code, redemption, expiry) and the explanation rendered in the caller's language (rules, multipliers, promotions, caps). "
                + "Ordered by id, newest recorded first: entries recorded meanwhile never shift a page." + Paging + Language)
            .Produces<PointsHistoryResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.Cursor, MemberCentreOpenApi.Limit));

        api.MapGet("/members/{phone}/points/expiring", ScheduleAsync).WithName("GetPointsSchedule")
            .WithSummary("What expires when, and when pending points become spendable")
            .WithDescription("Every future merchant day on which points stop being spendable, with how many (soonest first, paged), the points that never "
                + "expire, and every day points still in their return window become spendable (on the first page)." + Paging + Language)
            .Produces<PointsScheduleResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.Cursor, MemberCentreOpenApi.Limit));

        api.MapGet("/members/{phone}/coupons", CouponsAsync).WithName("GetMemberCoupons").WithSummary("A member's coupons, all or by status")
            .WithDescription("Each coupon with its template, terms in the caller's language, validity (instants and last merchant day), channel and, once "
                + "used, where and when. status=issued: the coupons usable now or later, soonest ending first; expired includes issued coupons whose last "
                + "day has ended; without status every coupon, newest issued first. 400 validation_failed for another status." + Paging + Language)
            .Produces<MemberCouponsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.Status, MemberCentreOpenApi.Cursor, MemberCentreOpenApi.Limit));

        api.MapGet("/members/{phone}/checkins", CheckInsAsync).WithName("GetCheckInCalendar").WithSummary("A member's check-in calendar (签到日历) of one month")
            .WithDescription("The merchant days of the month the member checked in on, today's state, the current streak and the next streak bonus with "
                + "how many check-ins away it is. Check in with POST /events (type checkin). month is yyyy-MM, default the merchant's current month; "
                + "400 validation_failed otherwise." + Language)
            .Produces<CheckInCalendarResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.Month));

        api.MapGet("/members/{phone}/referrals", ReferralsAsync).WithName("GetMemberReferrals").WithSummary("A member's invitations (邀请有礼)")
            .WithDescription("The member's referral code and link, the friends who registered with it, first orders, rewards earned, the campaign running "
                + "today with the next milestone, and the friends (phones masked, most recent first, paged)." + Paging + Language)
            .Produces<ReferralsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters(MemberCentreOpenApi.Cursor, MemberCentreOpenApi.Limit));

        api.MapGet("/members/{phone}/tier", TierAsync).WithName("GetTierLadder").WithSummary("The tier ladder (会员等级) and the member's place on it")
            .WithDescription("Every tier, lowest first, with its entry conditions, benefits and retention in the caller's language; the member's tier, "
                + "the progress to the next and what keeps the current one when its validity ends." + Language)
            .Produces<TierLadderResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters());

        return api.MapMemberProfileApi();
    }

    private static Task<IResult> PointsAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, v => (v.Cursor(Query(http, "cursor")), v.Limit(Query(http, "limit"))),
            (actor, id, language, q) => centre.PointsHistoryAsync(actor, id, language, q.Item1, q.Item2, ct), a => a.Language, ct);

    private static Task<IResult> ScheduleAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, v => (v.Cursor(Query(http, "cursor")), v.Limit(Query(http, "limit"))),
            (actor, id, language, q) => centre.PointsScheduleAsync(actor, id, language, q.Item1, q.Item2, ct), a => a.Language, ct);

    private static Task<IResult> CouponsAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, v => (v.CouponStatus(Query(http, "status")), v.Cursor(Query(http, "cursor")), v.Limit(Query(http, "limit"))),
            (actor, id, language, q) => centre.CouponsAsync(actor, id, language, q.Item1, q.Item2, q.Item3, ct), a => a.Language, ct);

    private static Task<IResult> CheckInsAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, v => v.Month(Query(http, "month")),
            (actor, id, language, month) => centre.CheckInsAsync(actor, id, language, month, ct), a => a.Language, ct);

    private static Task<IResult> ReferralsAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, v => (v.Cursor(Query(http, "cursor")), v.Limit(Query(http, "limit"))),
            (actor, id, language, q) => centre.ReferralsAsync(actor, id, language, q.Item1, q.Item2, ct), a => a.Language, ct);

    private static Task<IResult> TierAsync(string phone, HttpContext http, ApiMembers members, MemberCentreService centre, CancellationToken ct) =>
        ReadAsync(phone, http, members, _ => 0, (actor, id, language, _) => centre.TierLadderAsync(actor, id, language, ct), a => a.Language, ct);

    /// <summary>
    /// One read of the member centre: the phone and the query checked (400 with field errors), the member found (404), read by
    /// the key's system actor in the caller's language, and answered with the language it is in.
    /// </summary>
    private static async Task<IResult> ReadAsync<TQuery, TAnswer>(string phone, HttpContext http, ApiMembers members, Func<ApiValidation, TQuery> query,
        Func<StaffActor, long, string?, TQuery, Task<TAnswer?>> read, Func<TAnswer, string> languageOf, CancellationToken ct) where TAnswer : class
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        var parsed = query(v);
        if (!v.IsValid)
            return v.Problem();
        if (await members.IdAsync(normalized!, ct) is not { } memberId)
            return ApiProblems.MemberNotFound();
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        if (await read(caller.Actor(), memberId, ApiLanguage.Requested(http.Request), parsed) is not { } answer)
            return ApiProblems.MemberNotFound();
        ApiLanguage.Answered(http.Response, languageOf(answer));
        return TypedResults.Json(answer, ApiJson.Options);
    }

    private static string? Query(HttpContext http, string name) => http.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

}
