using System.Globalization;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members.Centre;

public sealed partial class MemberCentreService
{
    /// <summary>
    /// The programme's tiers, lowest first, each with its entry conditions, benefits and retention as the member reads them;
    /// the member's tier, the progress to the next and what keeps the current one, measured as the ledger decides tiers.
    /// </summary>
    public async Task<TierLadderResponse?> TierLadderAsync(StaffActor actor, long memberId, string? language, CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var m = read.Member;
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var stats = await PointsLedgerService.StatsAsync(read.Db, new Member
        {
            Id = m.Id, LifetimeSpend = m.LifetimeSpend, GrowthValue = m.GrowthValue, ActiveDays = m.ActiveDays, SuccessfulReferrals = m.SuccessfulReferrals,
        }, programme, clock.GetUtcNow().UtcDateTime, ct);
        var symbol = Currencies.Symbol(read.Currency);
        var window = programme.QualificationWindowMonths;
        var tiers = TierEngine.Ordered(programme);
        var current = tiers.FirstOrDefault(x => x.Code == m.TierCode) ?? tiers[0];

        var steps = tiers.Select((tier, i) =>
        {
            var entry = tier.Entry.Select(c => Condition(c, window, symbol)).ToList();
            var retention = tier.Retention.Select(c => Condition(c, window, symbol)).ToList();
            var retentionText = tier.ValidityMonths is not { } months ? t["Retention.Always"].Value
                : retention.Count == 0 ? t["Retention.KeptFor", months].Value
                : t["Retention.KeptIf", months, string.Join(t["Condition.Or"], retention.Select(c => c.Text))].Value;
            return new TierStep(tier.Code, tier.Name, tier.Colour, tier.Order, tier.Code == current.Code, tier.Order <= current.Order, entry,
                i == 0 || entry.Count == 0 ? t["Condition.Base"] : string.Join(t["Condition.Or"], entry.Select(c => c.Text)),
                Benefits(tier.PointsMultiplier, tier.Benefits), tier.ValidityMonths, retention, retentionText);
        }).ToList();

        var progress = TierEngine.Progress(programme, current.Code, stats);
        var percent = MemberService.Progress(programme, current.Code, stats, symbol).Percent;
        var keep = TierEngine.RetentionProgress(programme, current.Code, stats);
        var alwaysKept = current.ValidityMonths is null || current.Retention.Count == 0;
        return new TierLadderResponse(read.Language, current.Code, m.TierSince, m.TierValidUntil, steps,
            new TierProgressDetail(progress.Target?.Code, percent, Progress(progress, symbol), progress.ToText(symbol)),
            new TierRetentionDetail(m.TierValidUntil, alwaysKept, !alwaysKept && keep.Met, alwaysKept ? [] : Progress(keep, symbol),
                alwaysKept ? RulesText.Format("Retention_AlwaysKept", current.Name) : keep.ToText(symbol)));
    }

    private TierConditionResponse Condition(TierCondition c, int windowMonths, string symbol) => new(Kind(c), c.Threshold, c.Kind switch
    {
        TierConditionKind.Spend when c.Window == SpendWindow.Rolling => t["Condition.RollingSpend", RulesText.Money(c.Threshold, symbol), windowMonths],
        TierConditionKind.Spend => t["Condition.Spend", RulesText.Money(c.Threshold, symbol)],
        TierConditionKind.GrowthValue => t["Condition.GrowthValue", RulesText.Number(c.Threshold)],
        TierConditionKind.ActiveDays => t["Condition.ActiveDays", RulesText.Number(c.Threshold)],
        _ => t["Condition.Referrals", RulesText.Number(c.Threshold)],
    });

    private static List<ConditionProgressResponse> Progress(TierProgress progress, string symbol) =>
        [.. progress.Conditions.Select(c => new ConditionProgressResponse(Kind(c.Condition), c.Condition.Threshold, c.Current, c.Missing, c.Met,
            c.ToText(progress.WindowMonths, symbol)))];

    private TierBenefitsResponse Benefits(decimal multiplier, TierBenefits b)
    {
        var texts = new List<string>();
        if (multiplier != 1m)
            texts.Add(t["Benefit.Multiplier", RulesText.Number(multiplier)]);
        if (b.DiscountRate is { } rate and < 1m)
        {
            // "5% off" or "95折": how a language states a discount is itself a translation.
            var figure = t["Benefit.DiscountStyle"].Value == "zhe" ? rate * 10m : (1m - rate) * 100m;
            texts.Add(t["Benefit.Discount", figure.ToString("0.##", CultureInfo.CurrentCulture)]);
        }
        if (b.FreeShipping)
            texts.Add(t["Benefit.FreeShipping"]);
        if (b.PriorityService)
            texts.Add(t["Benefit.Priority"]);
        if (!string.IsNullOrWhiteSpace(b.BirthdayGift))
            texts.Add(t["Benefit.BirthdayGift", b.BirthdayGift]);
        texts.AddRange(b.Descriptions.Where(d => !string.IsNullOrWhiteSpace(d)));
        return new TierBenefitsResponse(multiplier, b.DiscountRate, b.BirthdayGift, b.FreeShipping, b.PriorityService, texts);
    }

    private static string Kind(TierCondition c) => c.Kind switch
    {
        TierConditionKind.Spend when c.Window == SpendWindow.Rolling => "rolling_spend",
        TierConditionKind.Spend => "spend",
        _ => Wire(c.Kind),
    };
}
