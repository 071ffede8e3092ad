using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>The result of paying part of an order with points; <see cref="Ledger"/> says why nothing was spent.</summary>
public sealed record PointsPaymentResult(PointsPaymentQuote Quote, LedgerResult? Ledger)
{
    public bool Succeeded => Quote.Error == PointsPaymentError.None && Ledger?.Succeeded == true;
}

/// <summary>The Owner's points-payment settings, and paying part of an order with points through the ledger.</summary>
public sealed class PointsPaymentService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    Settings.MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<CatalogueText> l)
{
    public const int MaxPointsPerUnit = 10_000;

    public async Task<PointsPaymentPolicy> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PointsPaymentPolicies.AsNoTracking().SingleOrDefaultAsync(p => p.Id == PointsPaymentPolicy.SingletonId, ct) ?? new PointsPaymentPolicy();
    }

    public async Task<PointsPaymentModel> GetModelAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        var p = await GetAsync(ct);
        return new PointsPaymentModel { Enabled = p.Enabled, PointsPerUnit = p.PointsPerUnit, MinimumPoints = p.MinimumPoints, MaxSharePercent = p.MaxSharePercent, Version = p.Version };
    }

    /// <summary>Saves the settings; bad input or a stale edit changes nothing. Audited.</summary>
    public async Task<SaveResult> SaveAsync(StaffActor actor, PointsPaymentModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Manage);
        var errors = new SaveResult();
        if (model.PointsPerUnit is not (>= 1 and <= MaxPointsPerUnit))
            errors.Add(nameof(model.PointsPerUnit), l["Payment.RateRange", MaxPointsPerUnit]);
        if (model.MinimumPoints is not (>= 0 and <= CatalogueService.MaxPoints))
            errors.Add(nameof(model.MinimumPoints), l["Payment.MinimumRange", CatalogueService.MaxPoints]);
        if (model.MaxSharePercent is not (>= 1 and <= 100))
            errors.Add(nameof(model.MaxSharePercent), l["Payment.ShareRange"]);
        if (!errors.Succeeded)
            return errors;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.PointsPaymentPolicies.SingleOrDefaultAsync(p => p.Id == PointsPaymentPolicy.SingletonId, ct);
        if ((row?.Version ?? 0) != model.Version)
            return SaveResult.Fail("", l["Item.ChangedMeanwhile"]);
        var before = row is null ? null : Snapshot(row);
        if (row is null)
            db.PointsPaymentPolicies.Add(row = new PointsPaymentPolicy());
        row.Enabled = model.Enabled;
        row.PointsPerUnit = model.PointsPerUnit!.Value;
        row.MinimumPoints = model.MinimumPoints!.Value;
        row.MaxSharePercent = model.MaxSharePercent!.Value;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        row.Version++;
        AuditLog.Record(db, actor, row.UpdatedAtUtc, "catalogue.points_payment_updated", nameof(PointsPaymentPolicy), row.Id, before, Snapshot(row));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another Owner saved first (a concurrent insert or a changed version).
            return SaveResult.Fail("", l["Item.ChangedMeanwhile"]);
        }
        model.Version = row.Version;
        return SaveResult.Ok();
    }

    /// <summary>
    /// Pays part of an order with points at the configured rate, within the minimum and the order's share. Idempotent by
    /// <paramref name="requestId"/> (through the ledger); never overdraws.
    /// </summary>
    public async Task<PointsPaymentResult> PayAsync(long memberId, string orderId, decimal orderAmount, long points, string requestId, string byName,
        CancellationToken ct = default, string? bodyHash = null)
    {
        var quote = PointsPaymentQuote.For(await GetAsync(ct), orderAmount, points);
        if (quote.Error != PointsPaymentError.None)
            return new PointsPaymentResult(quote, null);
        var note = string.Create(CultureInfo.InvariantCulture, $"Points payment of {quote.Amount:0.00} on an order of {orderAmount:0.00} ({byName})");
        var symbol = Settings.Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency);
        var explanation = LedgerExplanation.Text("Ledger.PointsPayment", string.Create(CultureInfo.InvariantCulture, $"{symbol}{quote.Amount:0.00}"),
            string.Create(CultureInfo.InvariantCulture, $"{symbol}{orderAmount:0.00}"));
        var result = await ledger.RedeemAsync(memberId, points, requestId, orderId, note, ct, bodyHash: bodyHash, explanationData: explanation);
        return new PointsPaymentResult(quote, result);
    }

    private static object Snapshot(PointsPaymentPolicy p) => new { p.Enabled, p.PointsPerUnit, p.MinimumPoints, p.MaxSharePercent, p.Version };
}
