namespace LoyaltyAdmin.Rules;

public static partial class ProgrammeValidator
{
    private static void ValidateChallenges(Programme programme, Report add)
    {
        var badgeCodes = new HashSet<string>(StringComparer.Ordinal);
        var badges = programme.Badges ?? [];
        for (var i = 0; i < badges.Count; i++)
        {
            var b = badges[i];
            var p = string.IsNullOrWhiteSpace(b.Code) ? $"badges[#{i}]" : $"badges[{b.Code}]";
            if (string.IsNullOrWhiteSpace(b.Code)) add($"{p}.code", ValidationCode.Required, "code");
            else if (!badgeCodes.Add(b.Code)) add($"{p}.code", ValidationCode.DuplicateId, b.Code);
            Texts(b.Name, $"{p}.name", add);
            if (b.Description is { } d) Texts(d, $"{p}.description", add, required: false);
            if (!BadgeIcons.All.Contains(b.Icon)) add($"{p}.icon", ValidationCode.UnknownIcon, b.Icon);
        }

        var tiers = programme.Tiers.Select(t => t.Code).ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var challenges = programme.Challenges ?? [];
        for (var i = 0; i < challenges.Count; i++)
        {
            var c = challenges[i];
            var p = RulePath("challenges", c.Id, i);
            if (string.IsNullOrWhiteSpace(c.Id)) add($"{p}.id", ValidationCode.Required, "id");
            else if (!ids.Add(c.Id)) add($"{p}.id", ValidationCode.DuplicateId, c.Id);
            Texts(c.Name, $"{p}.name", add);
            if (c.Description is { } d) Texts(d, $"{p}.description", add, required: false);
            if (c.Period == ChallengePeriod.Window && c.ActiveFrom is null) add($"{p}.activeFrom", ValidationCode.Required, "activeFrom");
            if (c.Period == ChallengePeriod.Window && c.ActiveTo is null) add($"{p}.activeTo", ValidationCode.Required, "activeTo");
            if (c.ActiveFrom > c.ActiveTo) add($"{p}.activeFrom", ValidationCode.InvalidWindow, c.ActiveFrom, c.ActiveTo);
            if (c.TierCodes is { Count: 0 }) add($"{p}.tierCodes", ValidationCode.PromotionNoTiers);
            foreach (var code in c.TierCodes ?? [])
            {
                if (!tiers.Contains(code)) add($"{p}.tierCodes", ValidationCode.UnknownTier, code);
            }
            if (c.Stages.Count == 0) add($"{p}.stages", ValidationCode.ChallengeNoStages);
            decimal previous = 0;
            for (var s = 0; s < c.Stages.Count; s++)
            {
                var stage = c.Stages[s];
                var sp = $"{p}.stages[{s}]";
                if (stage.Target <= previous) add($"{sp}.target", ValidationCode.StagesNotIncreasing, stage.Target, previous);
                else if (c.Goal != ChallengeGoal.Spend && decimal.Truncate(stage.Target) != stage.Target)
                    add($"{sp}.target", ValidationCode.TargetNotWhole, stage.Target);
                previous = Math.Max(previous, stage.Target);
                if (stage.Points < 0) add($"{sp}.points", ValidationCode.NegativeValue, stage.Points);
                if (stage.Points <= 0 && string.IsNullOrWhiteSpace(stage.CouponPack) && string.IsNullOrWhiteSpace(stage.Badge))
                    add(sp, ValidationCode.NothingAwarded, c.Name.En);
                if (stage.Badge is { Length: > 0 } badge && !badgeCodes.Contains(badge)) add($"{sp}.badge", ValidationCode.UnknownBadge, badge);
                if (stage.CouponPack is { } pack && SafeText.Check(pack) != TextFault.None) add($"{sp}.couponPack", ValidationCode.UnsafeText, "couponPack");
            }
            if (c.Goal == ChallengeGoal.ProfileCompleted && c.Stages.Any(s => s.Target != 1))
                add($"{p}.stages", ValidationCode.StagesNotIncreasing, c.Stages[^1].Target, 1);
        }
    }

    private static void Texts(LocalizedText? text, string path, Report add, bool required = true)
    {
        if (text is null)
        {
            if (required) add(path, ValidationCode.Required, "name");
            return;
        }
        if (required) Name(text.En, $"{path}.en", add);
        else if (SafeText.Check(text.En ?? "") != TextFault.None) add($"{path}.en", ValidationCode.UnsafeText, "description");
        if (!string.IsNullOrEmpty(text.ZhHans) && SafeText.Check(text.ZhHans) != TextFault.None) add($"{path}.zhHans", ValidationCode.UnsafeText, "name");
    }
}
