using System.Collections.Concurrent;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Api;

public sealed record ApiKeyRow(int Id, string Name, string Prefix, string StoreCode, string StoreName, DateTime CreatedAtUtc, string CreatedBy,
    DateTime? LastUsedAtUtc, DateTime? RevokedAtUtc, bool MayChangeProgramme);

/// <summary>The key a request was made with, after it was checked.</summary>
public sealed record ApiCaller(int KeyId, string KeyName, int StoreId, string StoreCode);

public sealed class CreateApiKeyModel
{
    public string? Name { get; set; }
    public int? StoreId { get; set; }
    public bool MayChangeProgramme { get; set; }
}

public sealed record CreatedApiKey(SaveResult Result, ApiKeyRow? Row = null, string? PlainKey = null);

/// <summary>
/// Creates, lists and revokes keys (Owner only) and checks the key of every API request.
/// Checked keys are cached briefly so a request costs no lookup; a revocation on this instance is seen at once,
/// on another instance within <see cref="CacheFor"/>.
/// </summary>
public sealed class ApiKeyService(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock, IStringLocalizer<ApiText> l)
{
    public const int NameMaxLength = 100;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CachedKey> cache = new(StringComparer.Ordinal);

    private sealed record CachedKey(ApiCaller? Caller, DateTimeOffset Until, DateTimeOffset LastUsedWritten);

    public async Task<IReadOnlyList<ApiKeyRow>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Api.ManageKeys, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Rows(db, db.ApiKeys.OrderBy(k => k.RevokedAtUtc != null).ThenByDescending(k => k.Id)).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<(int Id, string Label)>> StoresAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stores = await db.Stores.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code).Select(s => new { s.Id, s.Code, s.Name }).ToListAsync(ct);
        return stores.Select(s => (s.Id, $"{s.Code} · {s.Name}")).ToList();
    }

    public async Task<CreatedApiKey> CreateAsync(StaffActor actor, CreateApiKeyModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Api.ManageKeys, systemMayAct: true);
        var errors = new SaveResult();
        var name = model.Name?.Trim() ?? "";
        if (name.Length == 0)
            errors.Add(nameof(model.Name), l["Key.Name.Required"]);
        else if (name.Length > NameMaxLength)
            errors.Add(nameof(model.Name), l["Key.Name.TooLong", NameMaxLength]);
        errors.Text(nameof(model.Name), name);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (model.StoreId is null || !await db.Stores.AnyAsync(s => s.Id == model.StoreId && s.IsActive, ct))
            errors.Add(nameof(model.StoreId), l["Key.Store.Required"]);
        if (!errors.Succeeded)
            return new CreatedApiKey(errors);

        var plain = ApiKeyHasher.NewKey();
        var key = await AddAsync(db, actor, model.StoreId!.Value, name, plain, model.MayChangeProgramme, ct);
        var row = await Rows(db, db.ApiKeys.Where(k => k.Id == key.Id)).SingleAsync(ct);
        return new CreatedApiKey(SaveResult.Ok(), row, plain);
    }

    public async Task<SaveResult> RevokeAsync(StaffActor actor, int keyId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Api.ManageKeys, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null)
            return SaveResult.Fail("", l["Key.NotFound"]);
        if (key.RevokedAtUtc is not null)
            return SaveResult.Ok();
        var now = clock.GetUtcNow().UtcDateTime;
        key.RevokedAtUtc = now;
        key.RevokedBy = actor.Name;
        AuditLog.Record(db, actor, now, "apikey.revoke", nameof(ApiKey), key.Id, new { Revoked = false }, new { Revoked = true, key.Name });
        await db.SaveChangesAsync(ct);
        cache.Clear();
        return SaveResult.Ok();
    }

    /// <summary>
    /// Creates the key <c>Bootstrap:ApiKey</c> for <c>Bootstrap:StoreCode</c> when no key with that hash exists,
    /// so an automated deployment can call the API right after its first start. The store must exist.
    /// </summary>
    public async Task<bool> BootstrapAsync(string plainKey, string storeCode, bool mayChangeProgramme, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var hash = ApiKeyHasher.Hash(plainKey);
        if (await db.ApiKeys.AnyAsync(k => k.Hash == hash, ct))
            return false;
        var storeId = await db.Stores.Where(s => s.Code == storeCode).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Bootstrap:StoreCode '{storeCode}' is not a store. Create the store first or fix the setting.");
        await AddAsync(db, StaffActor.System("bootstrap"), storeId, "Bootstrap", plainKey, mayChangeProgramme, ct);
        return true;
    }

    /// <summary>The caller for a presented key, or null when the key is unknown or revoked.</summary>
    public async ValueTask<ApiCaller?> AuthenticateAsync(string presentedKey, CancellationToken ct = default)
    {
        var hash = ApiKeyHasher.Hash(presentedKey);
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(hash, out var cached) && cached.Until > now)
        {
            if (cached.Caller is not null && now - cached.LastUsedWritten >= LastUsedResolution)
                await TouchAsync(hash, cached with { LastUsedWritten = now }, now, ct);
            return cached.Caller;
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var found = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAtUtc == null)
            .Join(db.Stores, k => k.StoreId, s => s.Id, (k, s) => new ApiCaller(k.Id, k.Name, s.Id, s.Code))
            .SingleOrDefaultAsync(ct);
        var entry = new CachedKey(found, now + CacheFor, now);
        if (found is not null)
            await TouchAsync(hash, entry, now, ct);
        else
            cache[hash] = entry;
        return found;
    }

    // "Last used" to the minute is what staff need; writing it on every call would double the writes under load.
    private async Task TouchAsync(string hash, CachedKey entry, DateTimeOffset now, CancellationToken ct)
    {
        cache[hash] = entry;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.ApiKeys.Where(k => k.Hash == hash).ExecuteUpdateAsync(u => u.SetProperty(k => k.LastUsedAtUtc, now.UtcDateTime), ct);
    }

    /// <summary>Whether the key may replace the programme; read on each PUT, so a revoked right is not cached.</summary>
    public async Task<bool> MayChangeProgrammeAsync(int keyId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ApiKeys.AnyAsync(k => k.Id == keyId && k.RevokedAtUtc == null && k.MayChangeProgramme, ct);
    }

    private async Task<ApiKey> AddAsync(LoyaltyDbContext db, StaffActor actor, int storeId, string name, string plain, bool mayChangeProgramme, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var key = new ApiKey
        {
            StoreId = storeId, Name = name, Prefix = ApiKeyHasher.DisplayPrefix(plain), Hash = ApiKeyHasher.Hash(plain),
            CreatedAtUtc = now, CreatedBy = actor.Name, MayChangeProgramme = mayChangeProgramme,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct); // the audit entry names the key's id
        AuditLog.Record(db, actor, now, "apikey.create", nameof(ApiKey), key.Id, null, new { key.Name, key.StoreId, key.Prefix, key.MayChangeProgramme });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return key;
    }

    private static IQueryable<ApiKeyRow> Rows(LoyaltyDbContext db, IQueryable<ApiKey> keys) =>
        keys.AsNoTracking().Join(db.Stores, k => k.StoreId, s => s.Id,
            (k, s) => new ApiKeyRow(k.Id, k.Name, k.Prefix, s.Code, s.Name, k.CreatedAtUtc, k.CreatedBy, k.LastUsedAtUtc, k.RevokedAtUtc, k.MayChangeProgramme));
}
