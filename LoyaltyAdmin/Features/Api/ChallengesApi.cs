using System.ComponentModel;
using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Members.Centre;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

/// <summary>GET /members/{phone}/challenges: the member's running challenges with progress, stages, rewards and time left.</summary>
public static class ChallengesApi
{
    public static RouteGroupBuilder MapChallengesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/members/{phone}/challenges", GetAsync).WithName("GetMemberChallenges")
            .WithSummary("A member's challenges (任务挑战) and badges (勋章)")
            .WithDescription("The challenges running today that the member may take part in (paused ones and those for other tiers are left out; "
                + "one the member completed for good is left out too): progress towards each stage, what each stage gives (points, a coupon pack, "
                + "a badge), the period's last merchant day and the days left; and every badge the member holds. Names are in the language of "
                + "Accept-Language (zh-CN or zh-Hans: Simplified Chinese; otherwise English), without it in the member's preferred language. "
                + "404 member_not_found.")
            .Produces<MemberChallengesResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters());
        return api;
    }

    private static async Task<IResult> GetAsync(string phone, HttpContext http, ApiMembers members, ChallengeService challenges,
        IDbContextFactory<LoyaltyDbContext> dbFactory, CancellationToken ct)
    {
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        if (!v.IsValid)
            return v.Problem();
        if (await members.IdAsync(normalized!, ct) is not { } memberId)
            return ApiProblems.MemberNotFound();
        string? preferred;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            preferred = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.PreferredLanguage).SingleOrDefaultAsync(ct);
        var language = MemberLanguage.Resolve(ApiLanguage.Requested(http.Request), preferred);
        var culture = CultureInfo.GetCultureInfo(language);
        var running = await challenges.ForMemberAsync(memberId, culture, ct);
        var badges = await challenges.BadgesAsync(memberId, culture, ct);
        ApiLanguage.Answered(http.Response, language);
        return TypedResults.Json(new MemberChallengesResponse(language,
            [.. running.Select(c => new ChallengeResponse(c.Id, c.Name, c.Description, Wire(c.Goal.ToString()), Wire(c.Period.ToString()), c.PeriodStart,
                c.PeriodEnd == DateOnly.MaxValue ? null : c.PeriodEnd, c.DaysLeft == int.MaxValue ? null : c.DaysLeft, c.Progress, c.Target, c.StagesReached,
                c.Completed, [.. c.Stages.Select(s => new ChallengeStageResponse(s.Number, s.Target, s.Reached, s.Points > 0 ? s.Points : null, s.CouponPack,
                    s.Badge is null ? null : new BadgeRef(s.Badge, s.BadgeName ?? s.Badge)))]))],
            [.. badges.Select(ToResponse)]), ApiJson.Options);
    }

    /// <summary>A held badge as the API answers it (also in the member card).</summary>
    public static BadgeResponse ToResponse(MemberBadgeView b) =>
        new(b.Code, b.Name, b.Description, b.Icon, b.Source == BadgeSource.Staff ? "staff" : "challenge", b.ChallengeId, b.AwardedAtUtc);

    private static string Wire(string name) => string.Concat(name.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}

/// <summary>A member's running challenges and badges.</summary>
public sealed record MemberChallengesResponse(
    [property: Description("The language of the names in this answer: en or zh-Hans."), Example("en")] string Language,
    [property: Description("Running challenges the member may take part in.")] IReadOnlyList<ChallengeResponse> Challenges,
    [property: Description("Badges the member holds, newest first.")] IReadOnlyList<BadgeResponse> Badges);

/// <summary>One running challenge.</summary>
public sealed record ChallengeResponse(
    [property: Description("The challenge's id in the programme."), Example("buy-three")] string Id,
    [property: Description("Name in the answer's language."), Example("Buy 3 times in December")] string Name,
    [property: Description("Description in the answer's language; null when none."), Example("Three purchases earn a ¥10 coupon")] string? Description,
    [property: Description("purchases, spend, distinct_stores, check_in_days, referrals, reviews or profile_completed."), Example("purchases")] string Goal,
    [property: Description("window, weekly or monthly (merchant days)."), Example("window")] string Period,
    [property: Description("First merchant day of the current period."), Example("2026-12-01")] DateOnly PeriodStart,
    [property: Description("Last merchant day of the current period; null when it never ends."), Example("2026-12-31")] DateOnly? PeriodEnd,
    [property: Description("Merchant days left, today included; null when it never ends."), Example(24)] int? DaysLeft,
    [property: Description("Progress so far: a count, or money for spend."), Example(2)] decimal Progress,
    [property: Description("The last stage's target."), Example(3)] decimal Target,
    [property: Description("Stages reached in this period."), Example(0)] int StagesReached,
    [property: Description("Whether every stage is reached."), Example(false)] bool Completed,
    [property: Description("Stages, lowest target first.")] IReadOnlyList<ChallengeStageResponse> Stages);

/// <summary>One stage and what it gives.</summary>
public sealed record ChallengeStageResponse(
    [property: Description("Stage number from 1."), Example(1)] int Number,
    [property: Description("Progress needed."), Example(3)] decimal Target,
    [property: Description("Whether it is reached."), Example(false)] bool Reached,
    [property: Description("Points it gives; null for none."), Example(50)] long? Points,
    [property: Description("Name of the coupon pack it gives; null for none."), Example("¥10 off")] string? CouponPack,
    [property: Description("The badge it gives; null for none.")] BadgeRef? Badge);

/// <summary>A badge named by a stage.</summary>
public sealed record BadgeRef(
    [property: Description("Badge code."), Example("regular")] string Code,
    [property: Description("Name in the answer's language."), Example("Regular")] string Name);

/// <summary>A badge the member holds.</summary>
public sealed record BadgeResponse(
    [property: Description("Badge code."), Example("regular")] string Code,
    [property: Description("Name in the answer's language."), Example("Regular")] string Name,
    [property: Description("Description in the answer's language; null when none."), Example("Bought 3 times in a month")] string? Description,
    [property: Description("Icon from the bundled set: star, trophy, medal, heart, coffee, store, calendar or rocket."), Example("coffee")] string Icon,
    [property: Description("challenge or staff."), Example("challenge")] string Source,
    [property: Description("The challenge that awarded it; null when staff did."), Example("buy-three")] string? ChallengeId,
    [property: Description("When it was awarded (UTC)."), Example("2026-12-10T04:00:00Z")] DateTime AwardedAtUtc);
