using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>The document's entries for the stored rows, and the lookups the merge shares.</summary>
internal sealed partial class ProgrammeDocumentMerge
{
    private CouponTemplateEntry TemplateEntry(CouponTemplate t) => new()
    {
        Name = t.Name, Kind = t.Kind, Amount = Plain(t.Amount), Percent = t.Percent, MaxDiscount = Plain(t.MaxDiscount), ItemName = t.ItemName,
        MinimumSpend = Plain(t.MinimumSpend), ValidDays = t.ValidDays, ValidFrom = t.ValidFrom, ValidTo = t.ValidTo, Channel = t.Channel, Stock = t.Stock,
        PerMemberLimit = t.PerMemberLimit, Active = t.IsActive,
    };

    private CouponPackEntry PackEntry(CouponPack p) => new()
    {
        Name = p.Name, Trigger = p.Trigger, TierCode = p.TierCode, Active = p.IsActive,
        Items = [.. p.Items.Select(i => new CouponPackItemEntry { Template = NameOf(templates, t => t.Name, t => t.Id, i.TemplateId), Quantity = i.Quantity })],
    };

    private ReferralCampaignEntry CampaignEntry(ReferralCampaign c) => new()
    {
        Name = c.Name, StartDate = c.StartDate, EndDate = c.EndDate, Active = c.Active, RefereePoints = c.RefereePoints,
        RefereePack = PackName(c.RefereePackId), RefereeStage = c.RefereeStage, ReferrerPoints = c.ReferrerPoints, ReferrerPack = PackName(c.ReferrerPackId),
        ReferrerStage = c.ReferrerStage, MilestoneCount = c.MilestoneCount, MilestonePoints = c.MilestonePoints, MilestonePack = PackName(c.MilestonePackId),
        CapPerReferrer = c.CapPerReferrer,
    };

    private CatalogueEntry CatalogueEntry(CatalogueItem i) => new()
    {
        Code = i.Code, Name = i.Name, Kind = i.Kind, Description = i.Description,
        CouponTemplate = i.CouponTemplateId is { } id ? NameOf(templates, t => t.Name, t => t.Id, id) : null, CouponPack = PackName(i.CouponPackId), Points = i.Points, Cash = Plain(i.Cash), Stock = i.Stock,
        PerMemberLimit = i.PerMemberLimit, AvailableFrom = i.AvailableFrom, AvailableUntil = i.AvailableUntil, Active = i.IsActive, MemberDay = i.MemberDay,
        MemberDayWeekday = i.MemberDayWeekday, MemberDayOfMonth = i.MemberDayOfMonth,
        MemberDayDiscountPercent = i.MemberDay == MemberDayKind.None ? null : i.MemberDayDiscountPercent,
    };

    /// <summary>10 rather than 10.00: providers give decimals back with their column's scale, files are written by people.</summary>
    private static decimal? Plain(decimal? value) => value / 1.000000000000000000000000000000000m;

    private string? PackName(long? id) => id is { } x ? NameOf(packs, p => p.Name, p => p.Id, x) : null;

    /// <summary>The row's id, or a provisional negative one for a row not saved yet (a preview never saves).</summary>
    private long IdOf(object row, long id)
    {
        if (id != 0)
            return id;
        if (!provisional.TryGetValue(row, out var temporary))
            provisional[row] = temporary = -(provisional.Count + 1);
        return temporary;
    }

    private string NameOf<T>(List<T> rows, Func<T, string> name, Func<T, long> rowId, long id) where T : class =>
        rows.FirstOrDefault(r => IdOf(r, rowId(r)) == id) is { } row ? name(row) : "?";

    /// <summary>The one row with this name (names match trimmed and case-insensitively), or null.</summary>
    private static T? Find<T>(List<T> rows, Func<T, string> name, string wanted) where T : class
    {
        var matches = rows.Where(r => Key(name(r)) == Key(wanted)).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private bool Failed(string section, string name) => failed.Contains($"{section}:{Key(name)}");

    private ReferralCampaign? MergeCampaign(ReferralCampaignEntry e, string path, ReferralCampaign? row)
    {
        var unresolved = false;
        long? Pack(string field, string? name)
        {
            if (string.IsNullOrWhiteSpace(name))
                return null;
            if (Find(packs, p => p.Name, name) is not { } pack)
            {
                if (!Failed(ProgrammeDocumentJson.CouponPacks, name))
                    Errors.Add(new($"{path}.{field}", rules.Text["Document.UnknownPack", name]));
                unresolved = true;
                return null;
            }
            if (e.Active && !pack.IsActive)
                Errors.Add(new($"{path}.{field}", rules.ReferralText["Campaign.PackUnavailable"]));
            return IdOf(pack, pack.Id);
        }
        var errorsBefore = Errors.Count;
        var model = new ReferralCampaignModel
        {
            Id = row?.Id ?? 0, Name = e.Name, StartDate = e.StartDate.ToDateTime(TimeOnly.MinValue), EndDate = e.EndDate.ToDateTime(TimeOnly.MinValue),
            Active = e.Active, RefereePoints = e.RefereePoints, RefereePackId = Pack("refereePack", e.RefereePack), RefereeStage = e.RefereeStage,
            ReferrerPoints = e.ReferrerPoints,
            ReferrerPackId = Pack("referrerPack", e.ReferrerPack), ReferrerStage = e.ReferrerStage, MilestoneCount = e.MilestoneCount,
            MilestonePoints = e.MilestonePoints, MilestonePackId = e.MilestoneCount is null ? null : Pack("milestonePack", e.MilestonePack),
            CapPerReferrer = e.CapPerReferrer,
        };
        if (!Valid(rules.Referrals.Validate(model), path) || Errors.Count > errorsBefore || unresolved)
            return null;
        var target = row ?? new ReferralCampaign { CreatedAtUtc = Now, Version = 1 };
        ReferralCampaignService.Apply(model, target);
        return target;
    }

    /// <summary>The pack a catalogue entry gives (trigger "points redemption"); Stop when the pack's own entry failed, so the item is not merged.</summary>
    private (bool Stop, long? Id) ItemPack(CatalogueEntry e, string path)
    {
        if (string.IsNullOrWhiteSpace(e.CouponPack))
            return (false, null);
        if (Find(packs, p => p.Name, e.CouponPack) is not { } pack)
        {
            if (Failed(ProgrammeDocumentJson.CouponPacks, e.CouponPack))
                return (true, null);
            Errors.Add(new($"{path}.couponPack", rules.Text["Document.UnknownPack", e.CouponPack]));
            return (false, null);
        }
        if (pack.Trigger != CouponPackTrigger.Redemption || (e.Active && !pack.IsActive))
        {
            Errors.Add(new($"{path}.couponPack", rules.CatalogueText["Item.PackUnavailable"]));
            return (false, null);
        }
        return (false, IdOf(pack, pack.Id));
    }

    private static string Key(string? value) => (value ?? "").Trim().ToUpperInvariant();

    private static System.Text.Json.Nodes.JsonNode? Node<TEntry>(TEntry? entry) => entry is null ? null : ProgrammeDocumentJson.Node(entry);
}
