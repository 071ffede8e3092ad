using System.Globalization;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

/// <summary>Shared zones, members and activities for the rules tests.</summary>
internal static class RulesTestData
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    public static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    public static MemberState Member(string tier = "regular", QualificationStats? stats = null) =>
        new() { TierCode = tier, Stats = stats ?? QualificationStats.Zero };

    public static Activity Purchase(decimal amount, string occurredAt, Channel channel = Channel.MiniProgram, string orderId = "O-1") => new()
    {
        Type = ActivityType.Purchase,
        OccurredAt = DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture),
        Channel = channel,
        OrderId = orderId,
        Amount = amount,
    };

    public static Activity Of(ActivityType type, string occurredAt, Channel channel = Channel.MiniProgram, string? orderId = null, string? reference = null) => new()
    {
        Type = type,
        OccurredAt = DateTimeOffset.Parse(occurredAt, CultureInfo.InvariantCulture),
        Channel = channel,
        OrderId = orderId,
        Reference = reference,
    };

    /// <summary>The tea shop with "10 yuan = 1 point".</summary>
    public static Programme TeaShopTenYuanPerPoint(RoundingMode rounding = RoundingMode.Down) => ProgrammeTemplates.TeaShop with
    {
        EarningRules = [.. ProgrammeTemplates.TeaShop.EarningRules.Select(r => r is PurchaseRule p
            ? p with { CurrencyPerPoint = 10m, Rounding = rounding, LargeOrderBonus = null }
            : r)],
    };

    /// <summary>The tea shop with a cap on the purchase rule.</summary>
    public static Programme TeaShopWithPurchaseCaps(Caps caps) => ProgrammeTemplates.TeaShop with
    {
        EarningRules = [.. ProgrammeTemplates.TeaShop.EarningRules.Select(r => r is PurchaseRule p ? p with { Caps = caps } : r)],
    };

    public static Award Evaluate(Programme programme, MemberState member, Activity activity, TimeZoneInfo? zone = null) =>
        RulesEngine.Evaluate(programme, zone ?? Shanghai, member, activity);
}

/// <summary>Sets the UI culture for the lifetime of the scope.</summary>
internal sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    public UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
