using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>The feature services and messages one merge needs (each section is validated by its own editor's rules).</summary>
public sealed record DocumentRules(
    CouponService Coupons, ReferralCampaignService Referrals, CatalogueService Catalogue, IStringLocalizer<ProgrammeText> Text,
    IStringLocalizer<ReferralsText> ReferralText, IStringLocalizer<CatalogueText> CatalogueText);

/// <summary>
/// Merges the document's sections into the rows of one context: validates every entry with its feature's own checks,
/// resolves references across sections by name (templates, packs) and code (catalogue), deactivates rows a given section
/// leaves out, and records the differences. New rows have no id until saved, so references to them use provisional
/// negative ids until <see cref="SaveStageAsync"/> has saved the stage they belong to; a preview never saves.
/// </summary>
internal sealed partial class ProgrammeDocumentMerge(LoyaltyDbContext db, ProgrammeDocument document, DocumentRules rules, bool save)
{
    private readonly Dictionary<object, long> provisional = new(ReferenceEqualityComparer.Instance);

    // Entries that had errors of their own: a reference to one is not reported again as "no such name".
    private readonly HashSet<string> failed = [];
    private List<CouponTemplate> templates = [];
    private List<CouponPack> packs = [];
    private List<ReferralCampaign> campaigns = [];
    private List<CatalogueItem> items = [];

    /// <summary>When new rows are created (their CreatedAtUtc).</summary>
    public DateTime Now { get; init; }

    public List<DocumentError> Errors { get; } = [];
    public List<DiffLine> Changes { get; } = [];
    public List<SectionSummary> Sections { get; } = [];

    public async Task LoadAsync(CancellationToken ct)
    {
        templates = await db.CouponTemplates.ToListAsync(ct);
        packs = await db.CouponPacks.Include(p => p.Items).ToListAsync(ct);
        foreach (var pack in packs)
            pack.Items.Sort((a, b) => a.Id.CompareTo(b.Id));
        campaigns = await db.ReferralCampaigns.ToListAsync(ct);
        items = await db.CatalogueItems.ToListAsync(ct);
    }

    /// <summary>The database's rows as document sections (every row, active or not, ordered by name or code).</summary>
    public ProgrammeDocument Export(Rules.Programme programme) => new(programme,
        [.. templates.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.Id).Select(TemplateEntry)],
        [.. packs.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id).Select(PackEntry)],
        [.. campaigns.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id).Select(CampaignEntry)],
        [.. items.OrderBy(i => i.Code, StringComparer.Ordinal).Select(CatalogueEntry)]);

    /// <summary>Merges every section in reference order; false when it stopped because something was wrong.</summary>
    public async Task<bool> MergeAsync(CancellationToken ct)
    {
        Sections.Add(Merge(ProgrammeDocumentJson.CouponTemplates, "name", document.CouponTemplates, templates, t => t.Name, e => e.Name,
            TemplateEntry, t => t.IsActive, t => t.IsActive = false, t => t.Version++, MergeTemplate));
        if (!await SaveStageAsync(ct))
            return false;
        Sections.Add(Merge(ProgrammeDocumentJson.CouponPacks, "name", document.CouponPacks, packs, p => p.Name, e => e.Name,
            PackEntry, p => p.IsActive, p => p.IsActive = false, p => p.Version++, MergePack));
        if (!await SaveStageAsync(ct))
            return false;
        Sections.Add(Merge(ProgrammeDocumentJson.ReferralCampaigns, "name", document.ReferralCampaigns, campaigns, c => c.Name, e => e.Name,
            CampaignEntry, c => c.Active, c => c.Active = false, c => c.Version++, MergeCampaign));
        CheckOverlaps();
        Sections.Add(Merge(ProgrammeDocumentJson.Catalogue, "code", document.Catalogue, items, i => i.Code, e => e.Code,
            CatalogueEntry, i => i.IsActive, i => i.IsActive = false, i => i.Version++, MergeItem));
        return Errors.Count == 0;
    }

    /// <summary>
    /// In an import, saves what is merged so far so the next section can reference new rows by their real ids, or stops at
    /// the first error (nothing is committed). A preview goes on, to report every section's errors.
    /// </summary>
    public async Task<bool> SaveStageAsync(CancellationToken ct)
    {
        if (!save)
            return true;
        if (Errors.Count > 0)
            return false;
        await db.SaveChangesAsync(ct);
        return true;
    }

    private SectionSummary Merge<TRow, TEntry>(
        string section, string keyField, IReadOnlyList<TEntry>? entries, List<TRow> rows, Func<TRow, string> rowKey, Func<TEntry, string> entryKey,
        Func<TRow, TEntry> toEntry, Func<TRow, bool> isActive, Action<TRow> deactivate, Action<TRow> touch, Func<TEntry, string, TRow?, TRow?> merge)
        where TRow : class where TEntry : class
    {
        if (entries is null)
            return new SectionSummary(section, false, 0, 0, 0);
        var byKey = rows.GroupBy(r => Key(rowKey(r))).ToDictionary(g => g.Key, g => g.ToList());
        var seen = new HashSet<string>();
        var inDocument = new HashSet<TRow>(ReferenceEqualityComparer.Instance);
        int added = 0, changed = 0, deactivated = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var path = $"{section}[{i}]";
            var key = Key(entryKey(entries[i]));
            if (key.Length > 0 && !seen.Add(key))
            {
                Errors.Add(new($"{path}.{keyField}", rules.Text["Document.Duplicate", entryKey(entries[i])]));
                continue;
            }
            var matches = byKey.GetValueOrDefault(key);
            if (matches is { Count: > 1 })
            {
                Errors.Add(new($"{path}.{keyField}", rules.Text["Document.Ambiguous", entryKey(entries[i])]));
                continue;
            }
            var row = matches?.Single();
            var before = row is null ? null : toEntry(row);
            var wasActive = row is not null && isActive(row);
            var after = merge(entries[i], path, row);
            if (after is null)
            {
                failed.Add($"{section}:{key}");
                continue;
            }
            inDocument.Add(after);
            if (row is null)
            {
                rows.Add(after);
                db.Add(after);
            }
            var lines = ProgrammeDiff.CompareNodes(Node(before), Node(toEntry(after)), $"{section}[{entryKey(entries[i]).Trim()}]");
            Changes.AddRange(lines);
            if (row is null)
                added++;
            else if (lines.Count > 0)
            {
                touch(row);
                if (wasActive && !isActive(row))
                    deactivated++;
                else
                    changed++;
            }
        }
        foreach (var row in rows.Where(r => !inDocument.Contains(r) && isActive(r)).ToList())
        {
            var before = toEntry(row);
            deactivate(row);
            touch(row);
            deactivated++;
            Changes.AddRange(ProgrammeDiff.CompareNodes(Node(before), Node(toEntry(row)), $"{section}[{rowKey(row)}]"));
        }
        return new SectionSummary(section, true, added, changed, deactivated);
    }

    private CouponTemplate? MergeTemplate(CouponTemplateEntry e, string path, CouponTemplate? row)
    {
        var dates = e.ValidDays is null && (e.ValidFrom is not null || e.ValidTo is not null);
        var model = new CouponTemplateModel
        {
            Id = row?.Id ?? 0, Name = e.Name, Kind = e.Kind, Amount = e.Amount, Percent = e.Percent, MaxDiscount = e.MaxDiscount, ItemName = e.ItemName,
            MinimumSpend = e.MinimumSpend, Validity = dates ? ValidityMode.Dates : ValidityMode.Days, ValidDays = e.ValidDays,
            ValidFrom = e.ValidFrom?.ToDateTime(TimeOnly.MinValue), ValidTo = e.ValidTo?.ToDateTime(TimeOnly.MinValue), Channel = e.Channel,
            Stock = e.Stock, PerMemberLimit = e.PerMemberLimit, IsActive = e.Active, Issued = row?.Issued ?? 0,
        };
        if (!Valid(rules.Coupons.Validate(model), path))
            return null;
        var target = row ?? new CouponTemplate { CreatedAtUtc = Now, Version = 1 };
        CouponService.Apply(model, target);
        return target;
    }

    private CouponPack? MergePack(CouponPackEntry e, string path, CouponPack? row)
    {
        var ids = new List<long>();
        for (var i = 0; i < e.Items.Count; i++)
        {
            if (Find(templates, t => t.Name, e.Items[i].Template) is { } template)
                ids.Add(IdOf(template, template.Id));
            else if (!Failed(ProgrammeDocumentJson.CouponTemplates, e.Items[i].Template))
                Errors.Add(new($"{path}.items[{i}].template", rules.Text["Document.UnknownTemplate", e.Items[i].Template]));
        }
        if (e.Trigger == CouponPackTrigger.TierUpgrade && !string.IsNullOrWhiteSpace(e.TierCode)
            && !document.Programme.Tiers.Any(t => t.Code == e.TierCode.Trim()))
            Errors.Add(new($"{path}.tierCode", rules.Text["Document.UnknownTier", e.TierCode]));
        if (ids.Count != e.Items.Count)
            return null;
        var model = new CouponPackModel
        {
            Id = row?.Id ?? 0, Name = e.Name, Trigger = e.Trigger, TierCode = e.TierCode, IsActive = e.Active,
            Items = [.. e.Items.Select((item, i) => new CouponPackItemModel { TemplateId = ids[i], Quantity = item.Quantity })],
        };
        if (!Valid(rules.Coupons.ValidatePack(model, ids), path) || Errors.Any(x => x.Path.StartsWith(path + ".", StringComparison.Ordinal)))
            return null;
        var target = row ?? new CouponPack { CreatedAtUtc = Now, Version = 1 };
        target.Name = model.Name.Trim();
        target.Trigger = model.Trigger;
        target.TierCode = model.Trigger == CouponPackTrigger.TierUpgrade ? model.TierCode?.Trim() : null;
        target.IsActive = model.IsActive;
        if (!target.Items.Select(i => (i.TemplateId, i.Quantity)).SequenceEqual(model.Items.Select(i => (i.TemplateId, i.Quantity))))
        {
            target.Items.Clear();
            target.Items.AddRange(model.Items.Select(i => new CouponPackItem { TemplateId = i.TemplateId, Quantity = i.Quantity }));
        }
        return target;
    }

    private CatalogueItem? MergeItem(CatalogueEntry e, string path, CatalogueItem? row)
    {
        var errorsBefore = Errors.Count;
        long? templateId = null;
        if (e.Kind == CatalogueItemKind.Coupon && !string.IsNullOrWhiteSpace(e.CouponTemplate))
        {
            if (Find(templates, t => t.Name, e.CouponTemplate) is not { } template)
            {
                if (Failed(ProgrammeDocumentJson.CouponTemplates, e.CouponTemplate))
                    return null;
                Errors.Add(new($"{path}.couponTemplate", rules.Text["Document.UnknownTemplate", e.CouponTemplate]));
            }
            else if (e.Active && !template.IsActive)
                Errors.Add(new($"{path}.couponTemplate", rules.CatalogueText["Item.TemplateRequired"]));
            else
                templateId = IdOf(template, template.Id);
        }
        var (stop, packId) = ItemPack(e, path);
        if (stop)
            return null;
        var model = new CatalogueItemModel
        {
            Id = row?.Id, Code = e.Code, Name = e.Name, Kind = e.Kind, CouponTemplateId = templateId, CouponPackId = packId, Description = e.Description,
            Points = e.Points,
            Cash = e.Cash, Stock = e.Stock, PerMemberLimit = e.PerMemberLimit, AvailableFrom = e.AvailableFrom?.ToDateTime(TimeOnly.MinValue),
            AvailableUntil = e.AvailableUntil?.ToDateTime(TimeOnly.MinValue), IsActive = e.Active, MemberDay = e.MemberDay,
            MemberDayWeekday = e.MemberDayWeekday, MemberDayOfMonth = e.MemberDayOfMonth, MemberDayDiscountPercent = e.MemberDayDiscountPercent,
        };
        // A template reference that failed already has its message at this path; the editor's "choose a template" would repeat it.
        var referenceFailed = Errors.Count > errorsBefore;
        var valid = Valid(rules.Catalogue.Validate(model, row?.Redeemed ?? 0), path, referenceFailed ? nameof(model.CouponTemplateId) : null);
        if (!valid || referenceFailed)
            return null;
        var target = row ?? new CatalogueItem { CreatedAtUtc = Now, Version = 1 };
        CatalogueService.Apply(model, target, CatalogueService.NormalizeCode(model.Code)!);
        target.UpdatedAtUtc = Now;
        return target;
    }

    /// <summary>Only one active campaign may run on any day (the same rule as the campaign editor).</summary>
    private void CheckOverlaps()
    {
        var entries = document.ReferralCampaigns ?? [];
        for (var index = 0; index < entries.Count; index++)
        {
            if (Find(campaigns, c => c.Name, entries[index].Name) is not { Active: true } campaign)
                continue;
            if (campaigns.FirstOrDefault(c => !ReferenceEquals(c, campaign) && c.Active && c.StartDate <= campaign.EndDate && c.EndDate >= campaign.StartDate) is { } other)
                Errors.Add(new($"{ProgrammeDocumentJson.ReferralCampaigns}[{index}].startDate", rules.ReferralText["Campaign.Overlaps", other.Name]));
        }
    }

    /// <summary>Adds the editor's field messages under <paramref name="path"/>; true when there were none.</summary>
    private bool Valid(SaveResult result, string path, string? alreadyReported = null)
    {
        foreach (var (field, message) in result.Errors.Where(e => e.Key != alreadyReported))
            Errors.Add(new(field.Length == 0 ? path : $"{path}.{FieldName(field)}", message));
        return result.Errors.All(e => e.Key == alreadyReported);
    }

    private static string FieldName(string field) => field switch
    {
        nameof(CouponTemplateModel.IsActive) => "active",
        nameof(CatalogueItemModel.CouponTemplateId) => "couponTemplate",
        nameof(ReferralCampaignModel.RefereePackId) => "refereePack",
        nameof(ReferralCampaignModel.ReferrerPackId) => "referrerPack",
        nameof(ReferralCampaignModel.MilestonePackId) => "milestonePack",
        _ => JsonNamingPolicy.CamelCase.ConvertName(field),
    };
}
