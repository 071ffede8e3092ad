using Cronos;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>Creates, lists, dry-runs, activates, pauses and resumes automations (the run itself: <see cref="AutomationRunner"/>).</summary>
public sealed class AutomationService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    AutomationRunner runner,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    IStringLocalizer<CampaignsText> l)
{
    public async Task<IReadOnlyList<AutomationRow>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewAutomations);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Automations.AsNoTracking().OrderBy(a => a.Id).Select(a => new AutomationRow(a.Id, a.Name,
            db.Segments.Where(s => s.Id == a.SegmentId).Select(s => s.Name).FirstOrDefault() ?? "",
            db.CouponPacks.Where(p => p.Id == a.PackId).Select(p => p.Name).FirstOrDefault(), a.Points, a.Schedule, a.ControlPercent, a.Status, a.LastRunAtUtc,
            db.AutomationGrants.Count(g => g.AutomationId == a.Id && !g.IsControl), db.AutomationGrants.Count(g => g.AutomationId == a.Id && g.IsControl))).ToListAsync(ct);
    }

    public async Task<Automation?> GetAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewAutomations);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Automations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, ct);
    }

    /// <summary>Creates a draft automation; it gives nothing until activated (after a dry run).</summary>
    public async Task<(SaveResult Result, long Id)> CreateAsync(StaffActor actor, AutomationForm form, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ManageAutomations);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var check = await ValidateAsync(db, form, ct);
        if (!check.Succeeded)
            return (check, 0);
        var now = merchantClock.UtcNow.UtcDateTime;
        var automation = new Automation
        {
            Name = form.Name.Trim(), SegmentId = form.SegmentId, PackId = form.PackId, Points = form.Points,
            Schedule = string.IsNullOrWhiteSpace(form.Schedule) ? null : form.Schedule.Trim(), ControlPercent = form.ControlPercent, OncePerDays = form.OncePerDays,
            BudgetTotal = form.BudgetTotal, BudgetPerDay = form.BudgetPerDay, StartsOn = form.StartsOn, EndsOn = form.EndsOn, AttributionDays = form.AttributionDays,
            Status = AutomationStatus.Draft, CreatedAtUtc = now,
        };
        db.Automations.Add(automation);
        await db.SaveChangesAsync(ct);
        AuditLog.Record(db, actor, now, "automation.created", nameof(Automation), automation.Id, null, form);
        await db.SaveChangesAsync(ct);
        return (SaveResult.Ok(), automation.Id);
    }

    /// <summary>Who a run would pick now and the most it could cost (pack face value and points at the programme's point value).</summary>
    public async Task<AutomationDryRun> DryRunAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewAutomations);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var automation = await db.Automations.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        var today = await merchantClock.TodayAsync(ct);
        var audience = await runner.AudienceAsync(automation, today, ct);
        var control = audience.Count(m => ControlGroup.IsControl(id, m, automation.ControlPercent));
        var treated = audience.Count - control;
        var given = await db.AutomationGrants.CountAsync(g => g.AutomationId == id && !g.IsControl, ct);
        var givenToday = await db.AutomationGrants.CountAsync(g => g.AutomationId == id && !g.IsControl && g.Period == today, ct);
        treated = Math.Max(0, Math.Min(treated, Math.Min(automation.BudgetTotal - given ?? int.MaxValue, automation.BudgetPerDay - givenToday ?? int.MaxValue)));
        var perMember = await PackFaceValueAsync(db, automation.PackId, ct) + automation.Points * (await programmes.GetCurrentAsync(ct)).Programme.PointValue.MoneyPerPoint;
        return new AutomationDryRun(audience.Count, treated, control, treated * perMember);
    }

    public async Task<SaveResult> SetStatusAsync(StaffActor actor, long id, AutomationStatus status, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ManageAutomations);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var automation = await db.Automations.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (automation is null)
            return SaveResult.Fail("", l["Automation.NotFound"]);
        if (status == AutomationStatus.Draft)
            return SaveResult.Fail("", l["Automation.CannotDraft"]);
        var before = automation.Status;
        automation.Status = status;
        automation.Version++;
        var now = merchantClock.UtcNow.UtcDateTime;
        // A schedule counts from activation: a newly active automation does not catch up on runs it was not active for.
        if (status == AutomationStatus.Active && before != AutomationStatus.Active)
            automation.LastRunAtUtc ??= now;
        AuditLog.Record(db, actor, now, status == AutomationStatus.Active ? "automation.activated" : "automation.paused", nameof(Automation), id,
            new { Status = before }, new { Status = status });
        await db.SaveChangesAsync(ct);
        return SaveResult.Ok();
    }

    public Task<AutomationRunResult> RunNowAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ManageAutomations);
        return runner.RunAsync(actor, id, null, ct);
    }

    /// <summary>What one pack gives at face value: amount-off coupons at their amount, percent-off at their cap (others count 0).</summary>
    internal static async Task<decimal> PackFaceValueAsync(LoyaltyDbContext db, long? packId, CancellationToken ct)
    {
        if (packId is null)
            return 0;
        var items = await db.CouponPackItems.AsNoTracking().Where(i => i.PackId == packId)
            .Join(db.CouponTemplates, i => i.TemplateId, t => t.Id, (i, t) => new { i.Quantity, t.Kind, t.Amount, t.MaxDiscount }).ToListAsync(ct);
        return items.Sum(i => i.Quantity * (i.Kind == CouponKind.AmountOff ? i.Amount ?? 0 : i.MaxDiscount ?? 0));
    }

    private async Task<SaveResult> ValidateAsync(LoyaltyDbContext db, AutomationForm form, CancellationToken ct)
    {
        var result = SaveResult.Ok();
        var name = form.Name.Trim();
        if (name.Length is 0 or > 100)
            result.Add("Name", l["Automation.NameRequired"]);
        else
            result = result.Text("Name", name);
        if (!await db.Segments.AnyAsync(s => s.Id == form.SegmentId, ct))
            result.Add("SegmentId", l["Automation.SegmentRequired"]);
        if (form.PackId is null && form.Points <= 0)
            result.Add("PackId", l["Automation.ActionRequired"]);
        if (form.PackId is { } pack && !await db.CouponPacks.AnyAsync(p => p.Id == pack && p.IsActive, ct))
            result.Add("PackId", l["Automation.PackInactive"]);
        if (form.Points is < 0 or > 1_000_000)
            result.Add("Points", l["Automation.PointsRange"]);
        if (!string.IsNullOrWhiteSpace(form.Schedule) && !TryParse(form.Schedule, out _))
            result.Add("Schedule", l["Automation.ScheduleInvalid"]);
        if (form.ControlPercent is < 0 or > 50)
            result.Add("ControlPercent", l["Automation.ControlRange"]);
        if (form.OncePerDays is < 1 or > 3650)
            result.Add("OncePerDays", l["Automation.OncePerRange"]);
        if (form.BudgetTotal is < 0 || form.BudgetPerDay is < 0)
            result.Add("BudgetTotal", l["Automation.BudgetRange"]);
        if (form.StartsOn > form.EndsOn)
            result.Add("EndsOn", l["Automation.DatesOrder"]);
        if (form.AttributionDays is < 1 or > 365)
            result.Add("AttributionDays", l["Automation.AttributionRange"]);
        return result;
    }

    /// <summary>A five-field cron expression ("0 9 * * 1": Mondays at 09:00).</summary>
    public static bool TryParse(string expression, out CronExpression? cron)
    {
        try
        {
            cron = CronExpression.Parse(expression.Trim());
            return true;
        }
        catch (CronFormatException)
        {
            cron = null;
            return false;
        }
    }
}
