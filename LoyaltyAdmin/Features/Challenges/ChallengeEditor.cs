using System.Globalization;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>
/// Changes to the challenges, each saved as a new programme version through <see cref="ProgrammeService"/>, so they are
/// validated, versioned and audited with the rest of the programme.
/// </summary>
public sealed class ChallengeEditor(ProgrammeStore programmes, ProgrammeService programmeService, MerchantClock merchantClock)
{
    /// <summary>Adds a template's challenges and badges (ids made unique) to the programme, as a new version.</summary>
    public async Task<ProgrammeSaveResult> AddTemplateAsync(string templateKey, StaffActor actor, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var existing = (programme.Challenges ?? []).Select(c => c.Id).ToHashSet();
        var suffix = "";
        for (var n = 2; ChallengeTemplates.Create(templateKey, DateOnly.MinValue, suffix).Challenges.Any(c => existing.Contains(c.Id)); n++)
            suffix = "-" + n.ToString(CultureInfo.InvariantCulture);
        var (challenges, badges) = ChallengeTemplates.Create(templateKey, await merchantClock.TodayAsync(ct), suffix);
        var haveBadges = (programme.Badges ?? []).Select(b => b.Code).ToHashSet();
        return await programmeService.SaveAsync(programme with
        {
            Challenges = [.. programme.Challenges ?? [], .. challenges],
            Badges = [.. programme.Badges ?? [], .. badges.Where(b => !haveBadges.Contains(b.Code))],
        }, actor, $"challenges: {templateKey}", ct);
    }

    /// <summary>Replaces (or adds) one challenge, as a new programme version; validation errors come back as they do for the programme.</summary>
    public async Task<ProgrammeSaveResult> SaveAsync(Challenge challenge, StaffActor actor, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var list = (programme.Challenges ?? []).ToList();
        var at = list.FindIndex(c => c.Id == challenge.Id);
        if (at >= 0) list[at] = challenge;
        else list.Add(challenge);
        return await programmeService.SaveAsync(programme with { Challenges = list }, actor, $"challenge: {challenge.Id}", ct);
    }

    /// <summary>Pauses or resumes a challenge (progress made so far is kept).</summary>
    public async Task<ProgrammeSaveResult> SetEnabledAsync(string challengeId, bool enabled, StaffActor actor, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var challenge = (programme.Challenges ?? []).Single(c => c.Id == challengeId);
        return await SaveAsync(challenge with { Enabled = enabled }, actor, ct);
    }
}
