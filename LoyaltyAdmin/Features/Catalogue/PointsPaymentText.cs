using LoyaltyAdmin.Features.Settings;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>"100 points = ¥1, at least 100 points, at most 50 % of an order: on ¥100 at most 5,000 points = ¥50".</summary>
public static class PointsPaymentText
{
    private const decimal ExampleOrder = 100m;

    public static string Summary(IStringLocalizer<CatalogueText> t, PointsPaymentModel model, string currency)
    {
        if (model.PointsPerUnit is not (>= 1 and <= PointsPaymentService.MaxPointsPerUnit) || model.MaxSharePercent is not (>= 1 and <= 100))
            return "";
        var policy = new PointsPaymentPolicy
        {
            Enabled = true, PointsPerUnit = model.PointsPerUnit.Value, MinimumPoints = model.MinimumPoints ?? 0, MaxSharePercent = model.MaxSharePercent.Value,
        };
        var example = PointsPaymentQuote.For(policy, ExampleOrder, 1);
        var value = Math.Floor(example.MaxPoints * 100m / policy.PointsPerUnit) / 100m;
        return t["Payment.Summary", policy.PointsPerUnit.ToString("#,0"), MerchantClock.FormatMoney(1, currency), policy.MinimumPoints.ToString("#,0"),
            policy.MaxSharePercent, MerchantClock.FormatMoney(ExampleOrder, currency), example.MaxPoints.ToString("#,0"), MerchantClock.FormatMoney(value, currency)];
    }
}
