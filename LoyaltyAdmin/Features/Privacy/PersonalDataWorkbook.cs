using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// A member's <see cref="PersonalData"/> as a workbook for a person to read: one sheet per part, headers in the reader's
/// language, times in the merchant's zone. Codes (kinds, statuses) are those of the JSON export.
/// </summary>
public static class PersonalDataWorkbook
{
    private const string When = "yyyy-mm-dd hh:mm";
    private const string Day = "yyyy-mm-dd";

    public static void Write(PersonalData data, TimeZoneInfo zone, IStringLocalizer<PrivacyText> t, Stream output)
    {
        object? Local(DateTime? utc) => utc is { } at ? MerchantClock.ToLocal(at, zone) : null;
        static object? Date(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);
        using var book = new ReportWorkbook();
        var p = data.Profile;
        (string Field, object? Value, string? Format)[] profile =
        [
            (t["Field.MemberId"], p.MemberId, null), (t["Field.Phone"], p.Phone, null), (t["Field.Name"], p.Name, null),
            (t["Field.Birthday"], Date(p.Birthday), Day), (t["Field.Joined"], Local(p.JoinedAtUtc), When), (t["Field.JoinChannel"], p.JoinChannel, null),
            (t["Field.HomeStore"], p.HomeStore, null), (t["Field.ReferralCode"], p.ReferralCode, null), (t["Field.Status"], p.Status, null),
            (t["Field.Tier"], p.Tier, null), (t["Field.TierSince"], Date(p.TierSince), Day), (t["Field.TierValidUntil"], Date(p.TierValidUntil), Day),
            (t["Field.Points"], p.PointsBalance, null), (t["Field.PendingPoints"], p.PendingPoints, null), (t["Field.Growth"], p.GrowthValue, null),
            (t["Field.LifetimeSpend"], p.LifetimeSpend, null), (t["Field.LastActivity"], Local(p.LastActivityUtc), When),
            (t["Field.Language"], p.PreferredLanguage, null), (t["Field.Consent"], p.MarketingConsent ? t["Common.Yes"].Value : t["Common.No"].Value, null),
            (t["Field.ConsentChanged"], Local(p.ConsentChangedAtUtc), When), (t["Field.ConsentSource"], p.ConsentSource, null),
            (t["Field.ConsentWording"], p.ConsentWordingVersion, null), (t["Field.ExportedAt"], Local(data.ExportedAtUtc), When),
        ];
        var profileSheet = book.AddSheet(t["Sheet.Profile"],
            [new ReportColumn<(string Field, object? Value, string? Format)>(t["Col.Field"], r => r.Field, Width: 24), new(t["Col.Value"], r => r.Value, Width: 36)],
            profile);
        for (var i = 0; i < profile.Length; i++)
        {
            if (profile[i].Format is { } format)
                profileSheet.Cell(i + 2, 2).Style.NumberFormat.Format = format;
        }
        book.AddSheet(t["Sheet.Consent"],
        [
            new ReportColumn<ConsentData>(t["Col.When"], c => Local(c.ChangedAtUtc), When, 18), new(t["Col.Consent"], c => c.Consent ? t["Common.Yes"].Value : t["Common.No"].Value),
            new(t["Col.Source"], c => c.Source), new(t["Col.Wording"], c => c.WordingVersion),
        ], data.ConsentHistory);
        book.AddSheet(t["Sheet.Points"],
        [
            new ReportColumn<PointsData>(t["Col.When"], e => Local(e.OccurredAtUtc), When, 18), new(t["Col.Kind"], e => e.Kind), new(t["Col.Source"], e => e.Source),
            new(t["Col.Points"], e => e.Points, ReportFormats.Integer), new(t["Col.Balance"], e => e.BalanceAfter, ReportFormats.Integer),
            new(t["Col.Order"], e => e.OrderId), new(t["Col.Rule"], e => e.RuleId), new(t["Col.Reason"], e => e.Reason), new(t["Col.Note"], e => e.Note, Width: 24),
            new(t["Col.Shortfall"], e => e.Shortfall, ReportFormats.Integer), new(t["Col.Explanation"], e => e.Explanation, Width: 48),
        ], data.Points);
        book.AddSheet(t["Sheet.Lots"],
        [
            new ReportColumn<LotData>(t["Col.EarnedOn"], l => Date(l.EarnedOn), Day), new(t["Col.Points"], l => l.Points, ReportFormats.Integer),
            new(t["Col.Remaining"], l => l.Remaining, ReportFormats.Integer), new(t["Col.ExpiresOn"], l => Date(l.ExpiresOn), Day),
            new(t["Col.AvailableFrom"], l => Date(l.AvailableFrom), Day), new(t["Col.Pending"], l => l.Pending ? t["Common.Yes"].Value : t["Common.No"].Value),
            new(t["Col.Order"], l => l.OrderId),
        ], data.Lots);
        book.AddSheet(t["Sheet.Growth"],
        [
            new ReportColumn<GrowthData>(t["Col.When"], g => Local(g.OccurredAtUtc), When, 18), new(t["Col.Kind"], g => g.Kind),
            new(t["Col.Growth"], g => g.Growth, ReportFormats.Integer), new(t["Col.GrowthAfter"], g => g.GrowthAfter, ReportFormats.Integer),
            new(t["Col.Order"], g => g.OrderId), new(t["Col.Rule"], g => g.RuleId),
        ], data.Growth);
        book.AddSheet(t["Sheet.Tiers"],
        [
            new ReportColumn<TierData>(t["Col.When"], h => Local(h.OccurredAtUtc), When, 18), new(t["Col.Change"], h => h.Change), new(t["Col.From"], h => h.FromTier),
            new(t["Col.To"], h => h.ToTier), new(t["Col.Reason"], h => h.Reason, Width: 36), new(t["Col.ValidUntil"], h => Date(h.ValidUntil), Day),
        ], data.TierHistory);
        book.AddSheet(t["Sheet.Orders"],
        [
            new ReportColumn<OrderData>(t["Col.When"], o => Local(o.OccurredAtUtc), When, 18), new(t["Col.Order"], o => o.OrderId), new(t["Col.Store"], o => o.Store),
            new(t["Col.Channel"], o => o.Channel), new(t["Col.Amount"], o => o.Amount, ReportFormats.Money), new(t["Col.Refunded"], o => o.RefundedAmount, ReportFormats.Money),
            new(t["Col.Points"], o => o.Points, ReportFormats.Integer), new(t["Col.Growth"], o => o.Growth, ReportFormats.Integer),
            new(t["Col.PendingUntil"], o => Date(o.PendingUntil), Day),
        ], data.Orders);
        book.AddSheet(t["Sheet.Coupons"],
        [
            new ReportColumn<CouponData>(t["Col.Code"], c => c.Code), new(t["Col.Template"], c => c.Template, Width: 24), new(t["Col.Status"], c => c.Status),
            new(t["Col.Source"], c => c.Source), new(t["Col.Issued"], c => Local(c.IssuedAtUtc), When, 18), new(t["Col.ValidUntil"], c => Local(c.ValidUntilUtc), When, 18),
            new(t["Col.Redeemed"], c => Local(c.RedeemedAtUtc), When, 18), new(t["Col.Discount"], c => c.RedeemedDiscount, ReportFormats.Money),
            new(t["Col.Voided"], c => Local(c.VoidedAtUtc), When, 18), new(t["Col.Reason"], c => c.VoidReason, Width: 24),
        ], data.Coupons);
        book.AddSheet(t["Sheet.Redemptions"],
        [
            new ReportColumn<RedemptionData>(t["Col.When"], r => Local(r.RedeemedAtUtc), When, 18), new(t["Col.Item"], r => r.ItemName, Width: 24),
            new(t["Col.Kind"], r => r.Kind), new(t["Col.Points"], r => r.PointsPaid, ReportFormats.Integer), new(t["Col.Cash"], r => r.Cash, ReportFormats.Money),
            new(t["Col.Status"], r => r.Status), new(t["Col.Channel"], r => r.Channel), new(t["Col.Code"], r => r.CouponCode),
        ], data.Redemptions);
        var referrals = (data.Referrals.ReferredBy is { } by ? [(Role: t["Role.ReferredBy"].Value, Line: by)] : new List<(string Role, ReferralLine Line)>())
            .Concat(data.Referrals.Referred.Select(r => (Role: t["Role.Referred"].Value, Line: r)));
        book.AddSheet(t["Sheet.Referrals"],
        [
            new ReportColumn<(string Role, ReferralLine Line)>(t["Col.Role"], r => r.Role, Width: 18), new(t["Col.Member"], r => r.Line.MemberId),
            new(t["Col.Campaign"], r => r.Line.Campaign, Width: 24), new(t["Col.When"], r => Local(r.Line.RegisteredAtUtc), When, 18),
            new(t["Col.FirstOrder"], r => Local(r.Line.FirstOrderAtUtc), When, 18), new(t["Col.Status"], r => r.Line.Status),
        ], referrals);
        book.AddSheet(t["Sheet.Challenges"],
        [
            new ReportColumn<ChallengeData>(t["Col.Challenge"], c => c.ChallengeId, Width: 24), new(t["Col.PeriodStart"], c => Date(c.PeriodStart), Day),
            new(t["Col.PeriodEnd"], c => Date(c.PeriodEnd), Day), new(t["Col.Progress"], c => c.Progress), new(t["Col.Stages"], c => c.StagesReached),
            new(t["Col.Completed"], c => Local(c.CompletedAtUtc), When, 18),
        ], data.Challenges);
        book.AddSheet(t["Sheet.Badges"],
        [
            new ReportColumn<BadgeData>(t["Col.Badge"], b => b.Badge, Width: 18), new(t["Col.Source"], b => b.Source), new(t["Col.Challenge"], b => b.ChallengeId, Width: 24),
            new(t["Col.Reason"], b => b.Reason, Width: 24), new(t["Col.When"], b => Local(b.AwardedAtUtc), When, 18),
        ], data.Badges);
        book.Save(output);
    }
}
