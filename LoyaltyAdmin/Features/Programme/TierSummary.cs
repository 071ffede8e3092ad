using System.Globalization;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>One sentence per tier, as an owner would say it: "Gold: spend ¥1,000 or invite 3 friends; earns ×1.5; kept for 12 months".</summary>
public static class TierSummary
{
    public static string Describe(Tier tier, bool isBaseTier, int windowMonths, string currency, IStringLocalizer<ProgrammeText> l)
    {
        var parts = new List<string>();
        parts.Add(isBaseTier || tier.Entry.Count == 0
            ? l["Summary.Base"]
            : string.Join(l["Summary.Or"], tier.Entry.Select(c => Condition(c, windowMonths, currency, l))));
        parts.Add(l["Summary.Earns", Number(tier.PointsMultiplier)]);
        if (tier.ValidityMonths is { } months)
        {
            parts.Add(tier.Retention.Count == 0
                ? l["Summary.KeptFor", months]
                : l["Summary.KeptIf", months, string.Join(l["Summary.Or"], tier.Retention.Select(c => Condition(c, windowMonths, currency, l)))]);
        }
        return $"{tier.Name}: {string.Join(l["Summary.Separator"], parts)}";
    }

    public static string Condition(TierCondition c, int windowMonths, string currency, IStringLocalizer<ProgrammeText> l) => c.Kind switch
    {
        TierConditionKind.Spend when c.Window == SpendWindow.Rolling =>
            l["Summary.SpendRolling", MerchantClock.FormatMoney(c.Threshold, currency), windowMonths],
        TierConditionKind.Spend => l["Summary.Spend", MerchantClock.FormatMoney(c.Threshold, currency)],
        TierConditionKind.GrowthValue => l["Summary.Growth", Number(c.Threshold)],
        TierConditionKind.ActiveDays => l["Summary.ActiveDays", Number(c.Threshold)],
        _ => l["Summary.Referrals", Number(c.Threshold)],
    };

    private static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentCulture);
}
