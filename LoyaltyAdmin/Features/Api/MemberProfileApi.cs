using System.ComponentModel;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members.Centre;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

[Description("A member's own changes to their profile. Fields left out (or null) stay as they are. Idempotent by requestId.")]
public sealed record UpdateProfileRequest(
    [property: Description("Idempotency key chosen by the caller, at most 64 characters."), Example("profile-20261125-0001")] string? RequestId,
    [property: Description("The member's name, at most 100 characters."), Example("李雷")] string? Name,
    [property: Description("yyyy-MM-dd, a past date. Set once: a member whose birthday is known cannot change it (409 birthday_already_set)."),
        Example("1995-03-08")] DateOnly? Birthday,
    [property: Description("The language the member reads the centre and notices in: en or zh-Hans (zh-CN is taken as zh-Hans)."), Example("zh-Hans")]
    string? PreferredLanguage,
    [property: Description("Marketing consent given (true) or withdrawn (false). Giving it needs consentWordingVersion."), Example(true)] bool? MarketingConsent,
    [property: Description("The version of the consent wording the member was shown, at most 32 characters; required when marketingConsent is true."),
        Example("2026-11")] string? ConsentWordingVersion,
    [property: Description("Where the member changed it: mini_program (default), app or store; kept as where consent was given or withdrawn."),
        Example("mini_program")] string? Channel);

[Description("The member's profile after the change.")]
public sealed record MemberProfileResponse(
    [property: Description("The request's id."), Example("profile-20261125-0001")] string RequestId,
    [property: Description("Whether this answers a request already applied (the same requestId and body)."), Example(false)] bool Duplicate,
    [property: Description("The fields the request changed: name, birthday, preferredLanguage, marketingConsent; empty when all were as sent."),
        Example(new[] { "birthday", "marketingConsent" })] IReadOnlyList<string> Changed,
    [property: Description("The member's phone."), Example("13812345678")] string Phone,
    [property: Description("The member's name."), Example("李雷")] string Name,
    [property: Description("The member's birthday; null when unknown."), Example("1995-03-08")] DateOnly? Birthday,
    [property: Description("en or zh-Hans; null when the member chose none."), Example("zh-Hans")] string? PreferredLanguage,
    [property: Description("Whether the member agreed to marketing messages."), Example(true)] bool MarketingConsent,
    [property: Description("When consent was last given or withdrawn (UTC)."), Example("2026-11-25T17:00:00Z")] DateTime? ConsentChangedAtUtc,
    [property: Description("Where: mini_program, app, store, console or import."), Example("mini_program")] string? ConsentSource,
    [property: Description("The consent wording the member was shown."), Example("2026-11")] string? ConsentWordingVersion);

/// <summary>PATCH /members/{phone}: the member centre's profile screen.</summary>
public static class MemberProfileApi
{
    private const int WordingMaxLength = 32;

    public static RouteGroupBuilder MapMemberProfileApi(this RouteGroupBuilder api)
    {
        api.MapPatch("/members/{phone}", PatchAsync).WithName("UpdateMemberProfile")
            .WithSummary("Change a member's name, birthday (once), preferred language or marketing consent")
            .WithDescription("Only the fields sent change; the change is audited (as the key's store) and published as member.profile_changed. "
                + "Idempotent by requestId: the same id and body answers the first result (duplicate: true), another body is 409 idempotency_conflict. "
                + "A birthday already known cannot change: 409 birthday_already_set (sending the same day is fine). Consent records when, where "
                + "(channel) and which wording version. 400 validation_failed for a bad field or a request that changes nothing; 404 member_not_found.")
            .Accepts<UpdateProfileRequest>("application/json")
            .Produces<MemberProfileResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.Parameters());
        return api;
    }

    private static async Task<IResult> PatchAsync(string phone, HttpContext http, ApiMembers members, MemberProfileService profiles,
        IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<UpdateProfileRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        var v = new ApiValidation();
        var normalized = v.Phone(Uri.UnescapeDataString(phone));
        v.Id("requestId", request!.RequestId);
        if (request.Name is not null)
            v.Name(request.Name);
        v.Birthday(request.Birthday, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1));
        var language = request.PreferredLanguage is null ? null : MemberLanguage.Normalize(request.PreferredLanguage);
        if (request.PreferredLanguage is not null && language is null)
            v.Add("preferredLanguage", "'preferredLanguage' must be en or zh-Hans.");
        if (v.Id("consentWordingVersion", request.ConsentWordingVersion, required: request.MarketingConsent == true) is { Length: > WordingMaxLength })
            v.Add("consentWordingVersion", $"'consentWordingVersion' must be at most {WordingMaxLength} characters.");
        var channel = v.Channel(request.Channel, Channel.MiniProgram);
        if (request is { Name: null, Birthday: null, PreferredLanguage: null, MarketingConsent: null })
            v.Add("", "Send at least one of name, birthday, preferredLanguage or marketingConsent.");
        if (!v.IsValid)
            return v.Problem();
        if (await members.IdAsync(normalized!, ct) is not { } memberId)
            return ApiProblems.MemberNotFound();

        var change = new ProfileChange(request.Name?.Trim(), request.Birthday, language, request.MarketingConsent, request.ConsentWordingVersion,
            ApiMembers.ToWire(channel));
        var result = await profiles.UpdateAsync(caller.Actor(), memberId, change, caller.LedgerId("profile", request.RequestId!),
            ApiIdempotency.HashOf(new { phone = normalized, request }), ct);
        switch (result.Outcome)
        {
            case ProfileOutcome.MemberNotFound:
                return ApiProblems.MemberNotFound();
            case ProfileOutcome.DifferentRequest:
                return ApiProblems.IdempotencyConflict("requestId");
            case ProfileOutcome.BirthdayAlreadySet:
                return ApiProblems.Problem(409, "birthday_already_set", "The member's birthday is already set.",
                    "A birthday is set once; the store can correct a wrong one in the console.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var answer = await db.Members.AsNoTracking().Where(m => m.Id == memberId)
            .Select(m => new MemberProfileResponse(request.RequestId!, result.Duplicate, result.Changed, m.Phone, m.Name, m.Birthday, m.PreferredLanguage,
                m.MarketingConsent, m.ConsentChangedAtUtc, m.ConsentSource, m.ConsentWordingVersion))
            .SingleAsync(ct);
        return TypedResults.Json(answer, ApiJson.Options);
    }
}
