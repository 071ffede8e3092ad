using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// The Owner's endpoints: create (the secret is answered once and never again), change, delete, rotate the secret with an
/// overlap. Every change is audited. <see cref="WebhookLog"/> holds the delivery log, replays and test events.
/// </summary>
public sealed class WebhookService(IDbContextFactory<LoyaltyDbContext> dbFactory, WebhookSecrets secrets, WebhookAddressGuard guard,
    TimeProvider clock, IStringLocalizer<WebhooksText> l)
{
    public const int UrlMaxLength = 2000;
    public const int DescriptionMaxLength = 200;

    /// <summary>How long a rotated-out secret may keep signing.</summary>
    public static readonly TimeSpan MaxOverlap = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<WebhookEndpointRow>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoints = await db.WebhookEndpoints.AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);
        var waiting = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Queued)
            .GroupBy(d => d.EndpointId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        return [.. endpoints.Select(e => Row(e, waiting.GetValueOrDefault(e.Id)))];
    }

    public async Task<WebhookEndpointRow?> GetAsync(StaffActor actor, int id, CancellationToken ct = default) =>
        (await ListAsync(actor, ct)).SingleOrDefault(e => e.Id == id);

    public async Task<SavedEndpoint> CreateAsync(StaffActor actor, WebhookEndpointModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        var (errors, url, description, types) = await ValidateAsync(model, ct);
        if (!errors.Succeeded)
            return new SavedEndpoint(errors);
        var secret = WebhookSecrets.NewSecret();
        var id = await AddAsync(actor, url, description, types, model.Active, secret, ct);
        return new SavedEndpoint(errors, id, secret);
    }

    public async Task<Features.SaveResult> UpdateAsync(StaffActor actor, int id, WebhookEndpointModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        var (errors, url, description, types) = await ValidateAsync(model, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Features.SaveResult.Fail("", l["Endpoint.NotFound"]);
        if (!errors.Succeeded)
            return errors;
        var now = clock.GetUtcNow().UtcDateTime;
        var before = new { endpoint.Url, endpoint.Description, endpoint.EventTypes, endpoint.IsActive };
        endpoint.Change(url, description, types, model.Active, now);
        AuditLog.Record(db, actor, now, "webhook.update", nameof(WebhookEndpoint), id, before,
            new { endpoint.Url, endpoint.Description, endpoint.EventTypes, endpoint.IsActive });
        await db.SaveChangesAsync(ct);
        return errors;
    }

    public async Task<Features.SaveResult> DeleteAsync(StaffActor actor, int id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return Features.SaveResult.Fail("", l["Endpoint.NotFound"]);
        db.WebhookEndpoints.Remove(endpoint); // its deliveries go with it
        AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "webhook.delete", nameof(WebhookEndpoint), id, new { endpoint.Url }, null);
        await db.SaveChangesAsync(ct);
        return Features.SaveResult.Ok();
    }

    /// <summary>A new secret, answered once; the old one keeps signing beside it for <paramref name="overlap"/> (up to <see cref="MaxOverlap"/>).</summary>
    public async Task<string?> RotateSecretAsync(StaffActor actor, int id, TimeSpan overlap, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var endpoint = await db.WebhookEndpoints.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (endpoint is null)
            return null;
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = WebhookSecrets.NewSecret();
        overlap = overlap < TimeSpan.Zero ? TimeSpan.Zero : overlap > MaxOverlap ? MaxOverlap : overlap;
        endpoint.RotateSecret(secrets.Protect(secret), now, now + overlap);
        AuditLog.Record(db, actor, now, "webhook.rotate", nameof(WebhookEndpoint), id, null, new { OverlapHours = overlap.TotalHours });
        await db.SaveChangesAsync(ct);
        return secret;
    }

    /// <summary>
    /// <c>Bootstrap:WebhookUrl</c> and <c>Bootstrap:WebhookSecret</c>: an endpoint for every type, unless one with that address
    /// exists. Throws when the address or secret is not acceptable, so a deployment learns it at once.
    /// </summary>
    public async Task<bool> BootstrapAsync(string url, string secret, CancellationToken ct = default)
    {
        if (!WebhookSecrets.IsValid(secret))
            throw new InvalidOperationException("Bootstrap:WebhookSecret must be whsec_ followed by the base64 of 24 to 64 random bytes.");
        if (await guard.CheckAsync(url, ct) is var problem and not AddressProblem.None)
            throw new InvalidOperationException($"Bootstrap:WebhookUrl '{url}' is refused ({problem}): {l[$"Url.{problem}"]}");
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await db.WebhookEndpoints.AnyAsync(e => e.Url == url, ct))
                return false;
        }
        await AddAsync(StaffActor.System("bootstrap"), url, "Bootstrap", null, true, secret, ct);
        return true;
    }

    private async Task<int> AddAsync(StaffActor actor, string url, string description, IReadOnlyCollection<string>? types, bool active, string secret,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Before the transaction: the first encryption may write a new Data Protection key, which SQLite's one writer would refuse.
        var protectedSecret = secrets.Protect(secret);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await WebhookFeedReader.StartFeedAsync(db, ct); // from now on, not the outbox's history
        var endpoint = WebhookEndpoint.Create(url, description, types, active, protectedSecret, actor.Name, now);
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        AuditLog.Record(db, actor, now, "webhook.create", nameof(WebhookEndpoint), endpoint.Id, null, new { endpoint.Url, endpoint.EventTypes, endpoint.IsActive });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return endpoint.Id;
    }

    private async Task<(Features.SaveResult Errors, string Url, string Description, IReadOnlyCollection<string>? Types)> ValidateAsync(
        WebhookEndpointModel model, CancellationToken ct)
    {
        var errors = new Features.SaveResult();
        var url = model.Url?.Trim() ?? "";
        var description = model.Description?.Trim() ?? "";
        if (url.Length == 0)
            errors.Add(nameof(model.Url), l["Url.Required"]);
        else if (url.Length > UrlMaxLength)
            errors.Add(nameof(model.Url), l["Url.TooLong", UrlMaxLength]);
        else if (await guard.CheckAsync(url, ct) is var problem and not AddressProblem.None)
            errors.Add(nameof(model.Url), l[$"Url.{problem}"]);
        if (description.Length > DescriptionMaxLength)
            errors.Add(nameof(model.Description), l["Description.TooLong", DescriptionMaxLength]);
        errors.Text(nameof(model.Description), description);
        IReadOnlyCollection<string>? types = model.AllTypes ? null : model.Types.Where(BusinessEvents.All.Contains).ToList();
        if (types is { Count: 0 })
            errors.Add(nameof(model.Types), l["Types.Required"]);
        return (errors, url, description, types);
    }

    private static WebhookEndpointRow Row(WebhookEndpoint e, int waiting) =>
        new(e.Id, e.Url, e.Description, e.SubscribedTypes, e.IsActive, e.CreatedAtUtc, e.CreatedBy, e.SecretCreatedAtUtc, e.PreviousSecretUntilUtc,
            e.FailingSinceUtc, e.LastSuccessAtUtc, e.DisabledAtUtc, e.DisabledReason, waiting);
}
