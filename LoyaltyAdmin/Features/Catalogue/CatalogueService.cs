using System.Text.RegularExpressions;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>The catalogue's items: the Owner's list and editor, and what members can redeem today at today's price.</summary>
public sealed partial class CatalogueService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<CatalogueText> l)
{
    public const int CodeMaxLength = 32;
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 500;
    public const long MaxPoints = 10_000_000;
    public const int MaxStock = 1_000_000;
    public const int MaxDiscountPercent = 90;

    public async Task<IReadOnlyList<CatalogueItemRow>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CatalogueItems.AsNoTracking().OrderBy(i => i.Code)
            .Select(i => new CatalogueItemRow(i.Id, i.Code, i.Name, i.Kind, i.Points, i.Cash, i.Stock, i.Redeemed, i.PerMemberLimit,
                i.AvailableFrom, i.AvailableUntil, i.IsActive, i.MemberDay, i.MemberDayWeekday, i.MemberDayOfMonth, i.MemberDayDiscountPercent))
            .ToListAsync(ct);
    }

    public async Task<CatalogueItemModel?> GetModelAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var i = await db.CatalogueItems.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        return i is null ? null : new CatalogueItemModel
        {
            Id = i.Id, Version = i.Version, Code = i.Code, Name = i.Name, Kind = i.Kind, Description = i.Description, Points = i.Points,
            CouponTemplateId = i.CouponTemplateId, CouponPackId = i.CouponPackId, Cash = i.Cash, Stock = i.Stock, PerMemberLimit = i.PerMemberLimit, IsActive = i.IsActive,
            AvailableFrom = i.AvailableFrom?.ToDateTime(TimeOnly.MinValue), AvailableUntil = i.AvailableUntil?.ToDateTime(TimeOnly.MinValue),
            MemberDay = i.MemberDay, MemberDayWeekday = i.MemberDayWeekday ?? DayOfWeek.Wednesday, MemberDayOfMonth = i.MemberDayOfMonth,
            MemberDayDiscountPercent = i.MemberDay == MemberDayKind.None ? null : i.MemberDayDiscountPercent,
        };
    }

    /// <summary>Creates or updates an item; bad input or a stale edit changes nothing. Audited.</summary>
    public async Task<SaveResult> SaveAsync(StaffActor actor, CatalogueItemModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        var errors = Validate(model);
        if (!errors.Succeeded)
            return errors;
        var code = NormalizeCode(model.Code)!;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CatalogueItems.AnyAsync(i => i.Code == code && i.Id != (model.Id ?? 0), ct))
            return SaveResult.Fail(nameof(model.Code), l["Item.CodeTaken", code]);
        if (model.Kind == CatalogueItemKind.Coupon && !await db.CouponTemplates.AnyAsync(t => t.Id == model.CouponTemplateId && t.IsActive, ct))
            return SaveResult.Fail(nameof(model.CouponTemplateId), l["Item.TemplateRequired"]);
        if (model.CouponPackId is { } packId && !await db.CouponPacks.AnyAsync(p => p.Id == packId && p.IsActive && p.Trigger == CouponPackTrigger.Redemption, ct))
            return SaveResult.Fail(nameof(model.CouponPackId), l["Item.PackUnavailable"]);

        var now = clock.GetUtcNow().UtcDateTime;
        CatalogueItem item;
        object? before = null;
        if (model.Id is { } id)
        {
            item = await db.CatalogueItems.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw new InvalidOperationException($"Catalogue item {id} does not exist.");
            if (item.Version != model.Version)
                return SaveResult.Fail("", l["Item.ChangedMeanwhile"]);
            if (model.Stock is { } stock && stock < item.Redeemed)
                return SaveResult.Fail(nameof(model.Stock), l["Item.StockBelowRedeemed", item.Redeemed]);
            before = Snapshot(item);
        }
        else
        {
            item = new CatalogueItem { CreatedAtUtc = now };
            db.CatalogueItems.Add(item);
        }
        Apply(model, item, code);
        item.UpdatedAtUtc = now;
        item.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, actor, now, before is null ? "catalogue.item_created" : "catalogue.item_updated", nameof(CatalogueItem), item.Id, before, Snapshot(item));
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Fail("", l["Item.ChangedMeanwhile"]);
        }
        catch (DbUpdateException)
        {
            // Another editor took the code between the check and the insert; anything else is not ours to hide.
            if (!await CodeExistsAsync(code, model.Id, ct))
                throw;
            return SaveResult.Fail(nameof(model.Code), l["Item.CodeTaken", code]);
        }
        model.Id = item.Id;
        model.Version = item.Version;
        return SaveResult.Ok();
    }

    /// <summary>Active coupon templates a coupon item can issue, for the editor.</summary>
    public async Task<IReadOnlyList<CouponTemplateOption>> CouponTemplatesAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CouponTemplates.AsNoTracking().Where(t => t.IsActive).OrderBy(t => t.Name)
            .Select(t => new CouponTemplateOption(t.Id, t.Name)).ToListAsync(ct);
    }

    /// <summary>Active coupon packs with the trigger "points redemption", which an item can give.</summary>
    public async Task<IReadOnlyList<CouponPackOption>> CouponPacksAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CouponPacks.AsNoTracking().Where(p => p.IsActive && p.Trigger == CouponPackTrigger.Redemption).OrderBy(p => p.Name)
            .Select(p => new CouponPackOption(p.Id, p.Name)).ToListAsync(ct);
    }

    /// <summary>Items a member can redeem today (active, in their window, in stock), at today's price.</summary>
    public async Task<IReadOnlyList<AvailableItem>> AvailableAsync(CancellationToken ct = default)
    {
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var items = await db.CatalogueItems.AsNoTracking()
            .Where(i => i.IsActive && (i.AvailableFrom == null || i.AvailableFrom <= today) && (i.AvailableUntil == null || i.AvailableUntil >= today)
                        && (i.Stock == null || i.Redeemed < i.Stock))
            .OrderBy(i => i.Points).ThenBy(i => i.Code).ToListAsync(ct);
        return items.Select(i => new AvailableItem(i.Id, i.Code, i.Name, i.Kind, i.Description, i.PriceOn(today), i.Stock - i.Redeemed)).ToList();
    }

    public static string? NormalizeCode(string? code) => code?.Trim().ToUpperInvariant();

    /// <summary>Field-level checks of the item form; <paramref name="redeemed"/> is how many the item has already given out.</summary>
    public SaveResult Validate(CatalogueItemModel model, int redeemed = 0)
    {
        var errors = new SaveResult();
        var code = NormalizeCode(model.Code);
        if (string.IsNullOrEmpty(code))
            errors.Add(nameof(model.Code), l["Item.CodeRequired"]);
        else if (code.Length > CodeMaxLength || !CodePattern().IsMatch(code))
            errors.Add(nameof(model.Code), l["Item.CodeFormat", CodeMaxLength]);
        if (string.IsNullOrWhiteSpace(model.Name))
            errors.Add(nameof(model.Name), l["Item.NameRequired"]);
        else if (model.Name.Trim().Length > NameMaxLength)
            errors.Add(nameof(model.Name), l["Item.TooLong", NameMaxLength]);
        if (model.Description?.Trim().Length > DescriptionMaxLength)
            errors.Add(nameof(model.Description), l["Item.TooLong", DescriptionMaxLength]);
        errors.Text(nameof(model.Name), model.Name).Text(nameof(model.Description), model.Description, multiLine: true);
        if (model.Points is not { } points || points < 1 || points > MaxPoints)
            errors.Add(nameof(model.Points), l["Item.PointsRange", MaxPoints]);
        if (model.Cash is { } cash && (cash <= 0 || cash > 100_000 || decimal.Round(cash, 2) != cash))
            errors.Add(nameof(model.Cash), l["Item.CashRange"]);
        if (model.Stock is { } stock && (stock < 0 || stock > MaxStock))
            errors.Add(nameof(model.Stock), l["Item.StockRange", MaxStock]);
        else if (model.Stock is { } below && below < redeemed)
            errors.Add(nameof(model.Stock), l["Item.StockBelowRedeemed", redeemed]);
        if (model.PerMemberLimit is { } limit && (limit < 1 || limit > 1000))
            errors.Add(nameof(model.PerMemberLimit), l["Item.LimitRange"]);
        if (model.AvailableFrom is { } from && model.AvailableUntil is { } until && until.Date < from.Date)
            errors.Add(nameof(model.AvailableUntil), l["Item.UntilBeforeFrom"]);
        if (!Enum.IsDefined(model.Kind))
            errors.Add(nameof(model.Kind), l["Item.KindRequired"]);
        else if (model.Kind == CatalogueItemKind.Coupon && model.CouponTemplateId is null)
            errors.Add(nameof(model.CouponTemplateId), l["Item.TemplateRequired"]);
        switch (model.MemberDay)
        {
            case MemberDayKind.None:
                break;
            case MemberDayKind.Weekday when model.MemberDayWeekday is null || !Enum.IsDefined(model.MemberDayWeekday.Value):
                errors.Add(nameof(model.MemberDayWeekday), l["Item.WeekdayRequired"]);
                break;
            case MemberDayKind.DayOfMonth when model.MemberDayOfMonth is not (>= 1 and <= 31):
                errors.Add(nameof(model.MemberDayOfMonth), l["Item.DayOfMonthRange"]);
                break;
        }
        if (model.MemberDay != MemberDayKind.None && model.MemberDayDiscountPercent is not (>= 1 and <= MaxDiscountPercent))
            errors.Add(nameof(model.MemberDayDiscountPercent), l["Item.DiscountRange", MaxDiscountPercent]);
        return errors;
    }

    /// <summary>Copies a validated form onto the item, keeping only the fields its kind and member day use.</summary>
    public static void Apply(CatalogueItemModel model, CatalogueItem item, string code)
    {
        item.Code = code;
        item.Name = model.Name!.Trim();
        item.Kind = model.Kind;
        item.CouponTemplateId = model.Kind == CatalogueItemKind.Coupon ? model.CouponTemplateId : null;
        item.CouponPackId = model.CouponPackId;
        item.Description = string.IsNullOrWhiteSpace(model.Description) ? null : model.Description.Trim();
        item.Points = model.Points!.Value;
        item.Cash = model.Cash;
        item.Stock = model.Stock;
        item.PerMemberLimit = model.PerMemberLimit;
        item.AvailableFrom = model.AvailableFrom is { } from ? DateOnly.FromDateTime(from) : null;
        item.AvailableUntil = model.AvailableUntil is { } until ? DateOnly.FromDateTime(until) : null;
        item.IsActive = model.IsActive;
        item.MemberDay = model.MemberDay;
        item.MemberDayWeekday = model.MemberDay == MemberDayKind.Weekday ? model.MemberDayWeekday : null;
        item.MemberDayOfMonth = model.MemberDay == MemberDayKind.DayOfMonth ? model.MemberDayOfMonth : null;
        item.MemberDayDiscountPercent = model.MemberDay == MemberDayKind.None ? 0 : model.MemberDayDiscountPercent!.Value;
    }

    private static object Snapshot(CatalogueItem i) => new
    {
        i.Code, i.Name, Kind = i.Kind.ToString(), i.CouponTemplateId, i.CouponPackId, i.Points, i.Cash, i.Stock, i.Redeemed, i.PerMemberLimit, i.AvailableFrom, i.AvailableUntil, i.IsActive,
        MemberDay = i.MemberDay.ToString(), i.MemberDayWeekday, i.MemberDayOfMonth, i.MemberDayDiscountPercent, i.Version,
    };

    private async Task<bool> CodeExistsAsync(string code, long? exceptId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CatalogueItems.AnyAsync(i => i.Code == code && i.Id != (exceptId ?? 0), ct);
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]*$")]
    private static partial Regex CodePattern();
}
