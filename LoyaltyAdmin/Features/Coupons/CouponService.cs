using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>Coupon templates and packs: the editor's reads and validated saves, each audited.</summary>
public sealed class CouponService(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, IStringLocalizer<CouponsText> l)
{
    public async Task<IReadOnlyList<CouponTemplateRow>> GetTemplatesAsync(StaffActor actor, bool activeOnly = false, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.View);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var redeemed = await db.Coupons.AsNoTracking().Where(c => c.Status == CouponStatus.Redeemed)
            .GroupBy(c => c.TemplateId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var templates = await db.CouponTemplates.AsNoTracking().Where(t => !activeOnly || t.IsActive).OrderBy(t => t.Name).ToListAsync(ct);
        return [.. templates.Select(t => new CouponTemplateRow(t.Id, t.Name, CouponTermsView.From(t), t.Stock, t.Issued, redeemed.GetValueOrDefault(t.Id),
            t.PerMemberLimit, t.IsActive))];
    }

    public async Task<CouponTemplateModel?> GetTemplateAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = await db.CouponTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, ct);
        return t is null ? null : new CouponTemplateModel
        {
            Id = t.Id, Name = t.Name, Kind = t.Kind, Amount = t.Amount, Percent = t.Percent, MaxDiscount = t.MaxDiscount, ItemName = t.ItemName,
            MinimumSpend = t.MinimumSpend, Validity = t.ValidDays is null ? ValidityMode.Dates : ValidityMode.Days, ValidDays = t.ValidDays,
            ValidFrom = t.ValidFrom?.ToDateTime(TimeOnly.MinValue), ValidTo = t.ValidTo?.ToDateTime(TimeOnly.MinValue), Channel = t.Channel,
            Stock = t.Stock, PerMemberLimit = t.PerMemberLimit, IsActive = t.IsActive, Issued = t.Issued, Version = t.Version,
        };
    }

    /// <summary>Field-level checks of the template form; nothing is saved unless it passes.</summary>
    public SaveResult Validate(CouponTemplateModel m)
    {
        var r = new SaveResult();
        if (string.IsNullOrWhiteSpace(m.Name))
            r.Add(nameof(m.Name), l["Template.NameRequired"]);
        else if (m.Name.Trim().Length > 100)
            r.Add(nameof(m.Name), l["Template.NameTooLong"]);
        r.Text(nameof(m.Name), m.Name).Text(nameof(m.ItemName), m.ItemName);
        switch (m.Kind)
        {
            case CouponKind.AmountOff when m.Amount is not > 0 || m.Amount > 100_000:
                r.Add(nameof(m.Amount), l["Template.AmountInvalid"]);
                break;
            case CouponKind.AmountOff when m.MinimumSpend is > 0 && m.Amount > m.MinimumSpend:
                r.Add(nameof(m.Amount), l["Template.AmountOverMinimum"]);
                break;
            case CouponKind.PercentOff when m.Percent is not (>= 1 and <= 99):
                r.Add(nameof(m.Percent), l["Template.PercentInvalid"]);
                break;
            case CouponKind.FreeItem when string.IsNullOrWhiteSpace(m.ItemName) || m.ItemName.Trim().Length > 100:
                r.Add(nameof(m.ItemName), l["Template.ItemRequired"]);
                break;
        }
        if (m.Kind == CouponKind.PercentOff && m.MaxDiscount is <= 0)
            r.Add(nameof(m.MaxDiscount), l["Template.MaxDiscountInvalid"]);
        if (m.MinimumSpend is < 0 or > 1_000_000)
            r.Add(nameof(m.MinimumSpend), l["Template.MinimumInvalid"]);
        if (m.Validity == ValidityMode.Days && m.ValidDays is not (>= 1 and <= 3650))
            r.Add(nameof(m.ValidDays), l["Template.ValidDaysInvalid"]);
        if (m.Validity == ValidityMode.Dates)
        {
            if (m.ValidFrom is null)
                r.Add(nameof(m.ValidFrom), l["Template.DateRequired"]);
            if (m.ValidTo is null)
                r.Add(nameof(m.ValidTo), l["Template.DateRequired"]);
            else if (m.ValidFrom is { } from && m.ValidTo < from)
                r.Add(nameof(m.ValidTo), l["Template.DatesOutOfOrder"]);
        }
        if (m.Stock is < 1)
            r.Add(nameof(m.Stock), l["Template.StockInvalid"]);
        else if (m.Stock is { } stock && stock < m.Issued)
            r.Add(nameof(m.Stock), l["Template.StockBelowIssued", m.Issued]);
        if (m.PerMemberLimit is < 1)
            r.Add(nameof(m.PerMemberLimit), l["Template.LimitInvalid"]);
        return r;
    }

    public async Task<SaveResult> SaveTemplateAsync(StaffActor actor, CouponTemplateModel m, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var t = m.Id == 0 ? new CouponTemplate() : await db.CouponTemplates.SingleOrDefaultAsync(x => x.Id == m.Id, ct);
        if (t is null || t.Version != m.Version)
            return SaveResult.Fail("", l["Common.ChangedMeanwhile"]);
        m.Issued = t.Issued;
        var result = Validate(m);
        if (!result.Succeeded)
            return result;

        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = m.Id == 0 ? null : Snapshot(t);
        Apply(m, t);
        t.Version++;
        if (m.Id == 0)
        {
            t.CreatedAtUtc = now;
            db.CouponTemplates.Add(t);
            await db.SaveChangesAsync(ct);
        }
        AuditLog.Record(db, actor, now, m.Id == 0 ? "coupon.template.created" : "coupon.template.updated", nameof(CouponTemplate), t.Id, before, Snapshot(t));
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Fail("", l["Common.ChangedMeanwhile"]);
        }
        m.Id = t.Id;
        m.Version = t.Version;
        return result;
    }

    /// <summary>Copies a validated form onto the template, keeping only the fields its kind and validity use.</summary>
    public static void Apply(CouponTemplateModel m, CouponTemplate t)
    {
        var terms = m.Terms;
        t.Name = m.Name.Trim();
        t.Kind = m.Kind;
        t.Amount = terms.Amount;
        t.Percent = terms.Percent;
        t.MaxDiscount = terms.MaxDiscount;
        t.ItemName = terms.ItemName?.Trim();
        t.MinimumSpend = m.MinimumSpend is > 0 ? m.MinimumSpend : null;
        t.ValidDays = terms.ValidDays;
        t.ValidFrom = terms.ValidFrom;
        t.ValidTo = terms.ValidTo;
        t.Channel = m.Channel;
        t.Stock = m.Stock;
        t.PerMemberLimit = m.PerMemberLimit;
        t.IsActive = m.IsActive;
    }

    public async Task<IReadOnlyList<CouponPackRow>> GetPacksAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.View);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var names = await db.CouponTemplates.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        var packs = await db.CouponPacks.AsNoTracking().Include(p => p.Items).OrderBy(p => p.Name).ToListAsync(ct);
        return [.. packs.Select(p => new CouponPackRow(p.Id, p.Name, p.Trigger, p.TierCode, p.IsActive,
            [.. p.Items.OrderBy(i => i.Id).Select(i => (names.GetValueOrDefault(i.TemplateId, "?"), i.Quantity))]))];
    }

    public async Task<CouponPackModel?> GetPackAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.CouponPacks.AsNoTracking().Include(p => p.Items).SingleOrDefaultAsync(p => p.Id == id, ct);
        return p is null ? null : new CouponPackModel
        {
            Id = p.Id, Name = p.Name, Trigger = p.Trigger, TierCode = p.TierCode, IsActive = p.IsActive, Version = p.Version,
            Items = [.. p.Items.OrderBy(i => i.Id).Select(i => new CouponPackItemModel { TemplateId = i.TemplateId, Quantity = i.Quantity })],
        };
    }

    public async Task<SaveResult> SavePackAsync(StaffActor actor, CouponPackModel m, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = m.Items.Select(i => i.TemplateId).ToList();
        var known = await db.CouponTemplates.AsNoTracking().Where(t => ids.Contains(t.Id)).Select(t => t.Id).ToListAsync(ct);
        var r = ValidatePack(m, known);
        if (!r.Succeeded)
            return r;

        var p = m.Id == 0 ? new CouponPack() : await db.CouponPacks.Include(x => x.Items).SingleOrDefaultAsync(x => x.Id == m.Id, ct);
        if (p is null || p.Version != m.Version)
            return SaveResult.Fail("", l["Common.ChangedMeanwhile"]);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = m.Id == 0 ? null : new { p.Name, p.Trigger, p.TierCode, p.IsActive, Items = p.Items.Select(i => new { i.TemplateId, i.Quantity }).ToList() };
        p.Name = m.Name.Trim();
        p.Trigger = m.Trigger;
        p.TierCode = m.Trigger == CouponPackTrigger.TierUpgrade ? m.TierCode?.Trim() : null;
        p.IsActive = m.IsActive;
        p.Items.Clear();
        p.Items.AddRange(m.Items.Select(i => new CouponPackItem { TemplateId = i.TemplateId, Quantity = i.Quantity }));
        p.Version++;
        if (m.Id == 0)
        {
            p.CreatedAtUtc = now;
            db.CouponPacks.Add(p);
            await db.SaveChangesAsync(ct);
        }
        AuditLog.Record(db, actor, now, m.Id == 0 ? "coupon.pack.created" : "coupon.pack.updated", nameof(CouponPack), p.Id, before,
            new { p.Name, p.Trigger, p.TierCode, p.IsActive, Items = m.Items.Select(i => new { i.TemplateId, i.Quantity }).ToList() });
        try
        {
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Fail("", l["Common.ChangedMeanwhile"]);
        }
        m.Id = p.Id;
        m.Version = p.Version;
        return r;
    }

    /// <summary>Field-level checks of the pack form; <paramref name="knownTemplateIds"/> are the templates its items may name.</summary>
    public SaveResult ValidatePack(CouponPackModel m, IReadOnlyCollection<long> knownTemplateIds)
    {
        var r = new SaveResult();
        if (string.IsNullOrWhiteSpace(m.Name) || m.Name.Trim().Length > 100)
            r.Add(nameof(m.Name), l["Template.NameRequired"]);
        r.Text(nameof(m.Name), m.Name);
        if (m.Trigger == CouponPackTrigger.TierUpgrade && string.IsNullOrWhiteSpace(m.TierCode))
            r.Add(nameof(m.TierCode), l["Pack.TierRequired"]);
        var ids = m.Items.Select(i => i.TemplateId).ToList();
        if (m.Items.Count == 0)
            r.Add(nameof(m.Items), l["Pack.ItemsRequired"]);
        else if (m.Items.Any(i => !knownTemplateIds.Contains(i.TemplateId)) || ids.Distinct().Count() != ids.Count)
            r.Add(nameof(m.Items), l["Pack.TemplateInvalid"]);
        else if (m.Items.Any(i => i.Quantity is < 1 or > 100))
            r.Add(nameof(m.Items), l["Pack.QuantityInvalid"]);
        return r;
    }

    private static object Snapshot(CouponTemplate t) => new
    {
        t.Name, t.Kind, t.Amount, t.Percent, t.MaxDiscount, t.ItemName, t.MinimumSpend, t.ValidDays, t.ValidFrom, t.ValidTo, t.Channel, t.Stock,
        t.PerMemberLimit, t.IsActive,
    };
}
