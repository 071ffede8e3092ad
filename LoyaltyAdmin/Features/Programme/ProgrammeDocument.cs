using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// The whole programme as one document: the rules-engine programme (its JSON exactly as before, at the top level) plus
/// coupon templates, coupon packs, referral campaigns and catalogue items. A null section was not in the document and is
/// left as it is on import; an empty one is given and has no entries.
/// </summary>
public sealed record ProgrammeDocument(
    Rules.Programme Programme,
    IReadOnlyList<CouponTemplateEntry>? CouponTemplates = null,
    IReadOnlyList<CouponPackEntry>? CouponPacks = null,
    IReadOnlyList<ReferralCampaignEntry>? ReferralCampaigns = null,
    IReadOnlyList<CatalogueEntry>? Catalogue = null);

/// <summary>A coupon template, matched on import by its name (templates have no other stable key).</summary>
public sealed record CouponTemplateEntry
{
    public required string Name { get; init; }
    public required CouponKind Kind { get; init; }
    public decimal? Amount { get; init; }
    public int? Percent { get; init; }
    public decimal? MaxDiscount { get; init; }
    public string? ItemName { get; init; }
    public decimal? MinimumSpend { get; init; }
    public int? ValidDays { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public Channel? Channel { get; init; }
    public int? Stock { get; init; }
    public int? PerMemberLimit { get; init; }
    public bool Active { get; init; } = true;
}

/// <summary>A coupon pack, matched by name; its items name templates.</summary>
public sealed record CouponPackEntry
{
    public required string Name { get; init; }
    public required CouponPackTrigger Trigger { get; init; }
    public string? TierCode { get; init; }
    public bool Active { get; init; } = true;
    public IReadOnlyList<CouponPackItemEntry> Items { get; init; } = [];
}

public sealed record CouponPackItemEntry
{
    public required string Template { get; init; }
    public int Quantity { get; init; } = 1;
}

/// <summary>A referral campaign, matched by name; its rewards name packs.</summary>
public sealed record ReferralCampaignEntry
{
    public required string Name { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    public bool Active { get; init; } = true;
    public long RefereePoints { get; init; }
    public string? RefereePack { get; init; }
    public ReferralRewardStage RefereeStage { get; init; }
    public long ReferrerPoints { get; init; }
    public string? ReferrerPack { get; init; }
    public ReferralRewardStage ReferrerStage { get; init; }
    public int? MilestoneCount { get; init; }
    public long MilestonePoints { get; init; }
    public string? MilestonePack { get; init; }
    public int? CapPerReferrer { get; init; }
}

/// <summary>A catalogue item, matched by its code; a coupon item names its template.</summary>
public sealed record CatalogueEntry
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required CatalogueItemKind Kind { get; init; }
    public string? Description { get; init; }
    public string? CouponTemplate { get; init; }

    /// <summary>The coupon pack (trigger redemption) every redemption gives too, by name.</summary>
    public string? CouponPack { get; init; }
    public long Points { get; init; }
    public decimal? Cash { get; init; }
    public int? Stock { get; init; }
    public int? PerMemberLimit { get; init; }
    public DateOnly? AvailableFrom { get; init; }
    public DateOnly? AvailableUntil { get; init; }
    public bool Active { get; init; } = true;
    public MemberDayKind MemberDay { get; init; }
    public DayOfWeek? MemberDayWeekday { get; init; }
    public int? MemberDayOfMonth { get; init; }
    public int? MemberDayDiscountPercent { get; init; }
}

/// <summary>Reads and writes <see cref="ProgrammeDocument"/>: the programme part through <see cref="ProgrammeJson"/> unchanged.</summary>
public static class ProgrammeDocumentJson
{
    public const string CouponTemplates = "couponTemplates";
    public const string CouponPacks = "couponPacks";
    public const string ReferralCampaigns = "referralCampaigns";
    public const string Catalogue = "catalogue";

    public static IReadOnlyList<string> Sections { get; } = [CouponTemplates, CouponPacks, ReferralCampaigns, Catalogue];

    /// <summary>The sections' options: those of the programme document (camelCase, enums as camelCase strings, unknown fields refused).</summary>
    public static JsonSerializerOptions Options => ProgrammeJson.Options;

    public static string Serialize(ProgrammeDocument document)
    {
        var root = JsonNode.Parse(ProgrammeJson.Serialize(document.Programme))!.AsObject();
        Add(root, CouponTemplates, document.CouponTemplates);
        Add(root, CouponPacks, document.CouponPacks);
        Add(root, ReferralCampaigns, document.ReferralCampaigns);
        Add(root, Catalogue, document.Catalogue);
        return root.ToJsonString(Options);
    }

    /// <summary>One section entry as JSON, as the document writes it (for diffs).</summary>
    public static JsonNode? Node<T>(T entry) => JsonSerializer.SerializeToNode(entry, Options);

    /// <summary>Reads a document; the error's path says where it cannot be read (e.g. <c>couponTemplates[2].kind</c>).</summary>
    public static bool TryDeserialize(string json, out ProgrammeDocument? document, out ProgrammeJsonException? error)
    {
        document = null;
        JsonObject root;
        try
        {
            // Syntax and repeated properties first, in the document's own words (JsonNode would throw on a repeat).
            using (ProgrammeJson.Parse(json)) { }
            if (JsonNode.Parse(json) is not JsonObject parsed)
                return ProgrammeJson.TryDeserialize(json, out _, out error); // says why in the programme's own words
            root = parsed;
        }
        catch (ProgrammeJsonException ex)
        {
            error = ex;
            return false;
        }
        var sections = Sections.ToDictionary(s => s, s => root[s]);
        foreach (var section in Sections)
            root.Remove(section);
        if (!ProgrammeJson.TryDeserialize(root.ToJsonString(), out var programme, out error))
            return false;
        try
        {
            document = new ProgrammeDocument(programme!,
                Read<CouponTemplateEntry>(sections, CouponTemplates), Read<CouponPackEntry>(sections, CouponPacks),
                Read<ReferralCampaignEntry>(sections, ReferralCampaigns), Read<CatalogueEntry>(sections, Catalogue));
            return true;
        }
        catch (ProgrammeJsonException ex)
        {
            error = ex;
            return false;
        }
    }

    private static IReadOnlyList<T>? Read<T>(Dictionary<string, JsonNode?> sections, string section)
    {
        if (sections[section] is not { } node)
            return null;
        try
        {
            return node.Deserialize<List<T>>(Options) ?? throw ProgrammeJson.Malformed(new JsonFault(JsonFaultKind.NullValue, "$." + section));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            // "$[2].kind" inside the section is "couponTemplates[2].kind" in the document.
            var fault = ex is InvalidOperationException ? new JsonFault(JsonFaultKind.WrongType, "$") : JsonFault.Of(ex);
            throw ProgrammeJson.Malformed(fault with { Path = "$." + section + fault.Path.TrimStart('$') }, ex);
        }
    }

    private static void Add<T>(JsonObject root, string name, IReadOnlyList<T>? entries)
    {
        if (entries is not null)
            root[name] = JsonSerializer.SerializeToNode(entries, Options);
    }
}
