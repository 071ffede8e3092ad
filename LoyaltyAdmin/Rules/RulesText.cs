using System.Globalization;
using System.Resources;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// The engine's user-visible strings (RulesText.resx, RulesText.zh-Hans.resx), read in
/// <see cref="CultureInfo.CurrentUICulture"/> with the BCL resource manager.
/// </summary>
public static class RulesText
{
    private static readonly ResourceManager Manager = new("LoyaltyAdmin.Rules.RulesText", typeof(RulesText).Assembly);

    /// <summary>The string for <paramref name="key"/>; the key itself if it is missing, so a gap is visible, not fatal.</summary>
    public static string Get(string key) => Manager.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>The string for <paramref name="key"/> formatted with <paramref name="args"/> in the current UI culture.</summary>
    public static string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentUICulture, Get(key), args);

    /// <summary>Money as the UI shows it: symbol, group separators, up to two decimals ("¥1,234.5").</summary>
    public static string Money(decimal amount, string currencySymbol = ExplanationText.DefaultCurrency) =>
        currencySymbol + amount.ToString("#,0.##", CultureInfo.CurrentUICulture);

    /// <summary>A multiplier or count without trailing zeros ("1.5", "2").</summary>
    public static string Number(decimal value) => value.ToString("#,0.##", CultureInfo.CurrentUICulture);
}

/// <summary>Renders <see cref="ExplanationLine"/>s as text, lazily, only when asked.</summary>
public static class ExplanationText
{
    /// <summary>Currency symbol used when none is given.</summary>
    public const string DefaultCurrency = "¥";

    /// <summary>The line in <see cref="CultureInfo.CurrentUICulture"/>.</summary>
    public static string Render(ExplanationLine line, string currencySymbol = DefaultCurrency)
    {
        string M(decimal v) => RulesText.Money(v, currencySymbol);
        return line.Kind switch
        {
            ExplanationKind.PurchaseBase when line.Factor == 1m => RulesText.Format("Line_PurchaseBase", line.Label, M(line.Amount), line.After),
            ExplanationKind.PurchaseBase => RulesText.Format("Line_PurchaseBaseRate", line.Label, M(line.Amount), M(line.Factor), line.After),
            ExplanationKind.FixedPoints => RulesText.Format("Line_FixedPoints", line.Label, line.After),
            ExplanationKind.BelowMinimumOrder => RulesText.Format("Line_BelowMinimumOrder", line.Label, M(line.Amount), M(line.Factor)),
            ExplanationKind.LargeOrderBonus => RulesText.Format("Line_LargeOrderBonus", M(line.Amount), line.After - line.Before, line.After),
            ExplanationKind.StreakBonus => RulesText.Format("Line_StreakBonus", RulesText.Number(line.Amount), line.After - line.Before, line.After),
            ExplanationKind.StreakMultiplier => RulesText.Format("Line_StreakMultiplier", RulesText.Number(line.Amount), RulesText.Number(line.Factor), line.After),
            ExplanationKind.TierMultiplier => RulesText.Format("Line_TierMultiplier", line.Label, RulesText.Number(line.Factor), line.After),
            ExplanationKind.PromotionMultiplier => RulesText.Format("Line_PromotionMultiplier", line.Label, RulesText.Number(line.Factor), line.After),
            ExplanationKind.DailyCap => RulesText.Format("Line_DailyCap", RulesText.Number(line.Amount), line.After),
            ExplanationKind.MonthlyCap => RulesText.Format("Line_MonthlyCap", RulesText.Number(line.Amount), line.After),
            ExplanationKind.LifetimeCap => RulesText.Format("Line_LifetimeCap", RulesText.Number(line.Amount), line.After),
            ExplanationKind.AlreadyAwarded => RulesText.Format("Line_AlreadyAwarded", line.Label),
            ExplanationKind.AlreadyCheckedIn => RulesText.Format("Line_AlreadyCheckedIn", line.Label),
            ExplanationKind.NotBirthday => RulesText.Format("Line_NotBirthday", line.Label),
            ExplanationKind.ShareWithoutFriend => RulesText.Format("Line_ShareWithoutFriend", line.Label),
            ExplanationKind.GrowthPerAmount => RulesText.Format("Line_GrowthPerAmount", line.Label, M(line.Amount), RulesText.Number(line.Factor), line.After),
            ExplanationKind.GrowthFixed => RulesText.Format("Line_GrowthFixed", line.Label, line.After - line.Before, line.After),
            ExplanationKind.Refund => RulesText.Format("Line_Refund", M(line.Amount), M(line.Factor), line.Before, line.After),
            ExplanationKind.ChallengeProgress => RulesText.Format("Line_ChallengeProgress", line.Label, RulesText.Number(line.Amount), RulesText.Number(line.Factor)),
            ExplanationKind.ChallengeStage => RulesText.Format("Line_ChallengeStage", line.Label, line.After, RulesText.Number(line.Amount)),
            ExplanationKind.ChallengeRefund => RulesText.Format("Line_ChallengeRefund", line.Label, RulesText.Number(line.Factor), RulesText.Number(line.Amount)),
            _ => line.Kind.ToString(),
        };
    }
}
