using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// Takes an erased member's phone, name and birthday out of the text that mentions them, inside the erasure's write: staff
/// notes on the member's ledger, adjustments, coupons and badges; the audit log's records of the member (rewritten as JSON, so a
/// short name never breaks a key) and any audit entry that holds the phone; the masked phone in the reward lines of whoever
/// referred them; staff free text in the member's outbox events (a void reason). The ledger's figures are not text, so the
/// ledger sums and reports do not move.
/// </summary>
internal static class ErasureScrub
{
    public const string Placeholder = "[erased]";

    public static async Task RunAsync(LoyaltyDbContext db, long memberId, string phone, string name, DateOnly? birthday, CancellationToken ct)
    {
        string[] text = [phone, name];
        var entries = db.PointsEntries.Where(e => e.MemberId == memberId);
        await ReplaceAsync(entries, e => e.Note, text, ct);
        await ReplaceAsync(entries, e => e.Explanation, text, ct);
        var requests = db.AdjustmentRequests.Where(r => r.MemberId == memberId);
        await ReplaceAsync(requests, r => r.Note, text, ct);
        await ReplaceAsync(requests, r => r.DecisionNote, text, ct);
        await ReplaceAsync(db.Coupons.Where(c => c.MemberId == memberId), c => c.VoidReason, text, ct);
        await ReplaceAsync(db.MemberBadges.Where(b => b.MemberId == memberId), b => b.Reason, text, ct);

        var referrers = db.Referrals.Where(r => r.RefereeId == memberId).Select(r => r.ReferrerId);
        var rewards = db.PointsEntries.Where(e => referrers.Contains(e.MemberId));
        await ReplaceAsync(rewards, e => e.Explanation, [PhoneNumbers.Mask(phone)], ct);
        await ReplaceAsync(rewards, e => e.Note, [PhoneNumbers.Mask(phone)], ct);
        // Explanations kept as data are JSON (non-ASCII escaped): rewritten value by value, like the audit's records.
        foreach (var entry in await entries.Where(e => e.ExplanationData != null).ToListAsync(ct))
            entry.ExplanationData = Rewrite(entry.ExplanationData, text);
        foreach (var entry in await rewards.Where(e => e.ExplanationData != null).ToListAsync(ct))
            entry.ExplanationData = Rewrite(entry.ExplanationData, [PhoneNumbers.Mask(phone)]);

        await ReplaceAsync(db.AuditLog, a => a.Before, [phone], ct);
        await ReplaceAsync(db.AuditLog, a => a.After, [phone], ct);
        string[] about = [phone, name, .. birthday is { } day ? [day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        foreach (var entry in await AuditAboutAsync(db, memberId, ct))
        {
            entry.Before = Rewrite(entry.Before, about);
            entry.After = Rewrite(entry.After, about);
        }
        // Staff free text can reach the member's events (a coupon's void reason); not yet delivered ones lose it too.
        foreach (var outboxEvent in await db.OutboxEvents.Where(e => e.MemberId == memberId).ToListAsync(ct))
            outboxEvent.Payload = Rewrite(outboxEvent.Payload, about)!;
    }

    /// <summary>The audit entries about the member or about their adjustments, coupons and redemptions (tracked: saved with the write).</summary>
    private static async Task<List<Audit.AuditEntry>> AuditAboutAsync(LoyaltyDbContext db, long memberId, CancellationToken ct)
    {
        static List<string> Ids(List<long> ids) => ids.ConvertAll(id => id.ToString(CultureInfo.InvariantCulture));
        var member = memberId.ToString(CultureInfo.InvariantCulture);
        var requests = Ids(await db.AdjustmentRequests.Where(r => r.MemberId == memberId).Select(r => r.Id).ToListAsync(ct));
        var coupons = Ids(await db.Coupons.Where(c => c.MemberId == memberId).Select(c => c.Id).ToListAsync(ct));
        var redemptions = Ids(await db.CatalogueRedemptions.Where(r => r.MemberId == memberId).Select(r => r.Id).ToListAsync(ct));
        return await db.AuditLog.Where(a =>
                (a.EntityType == nameof(Member) && a.EntityId == member)
                || (a.EntityType == nameof(AdjustmentRequest) && requests.Contains(a.EntityId))
                || (a.EntityType == nameof(Coupon) && coupons.Contains(a.EntityId))
                || (a.EntityType == nameof(CatalogueRedemption) && redemptions.Contains(a.EntityId)))
            .ToListAsync(ct);
    }

    /// <summary>The JSON with <paramref name="terms"/> replaced inside its string values (never its keys); text that is not JSON is replaced as text.</summary>
    internal static string? Rewrite(string? json, IReadOnlyList<string> terms)
    {
        if (string.IsNullOrEmpty(json))
            return json;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return Replace(json, terms);
        }
        switch (node)
        {
            case null:
                return json;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Replace(text, terms)).ToJsonString();
            default:
                Walk(node, terms);
                return node.ToJsonString();
        }
    }

    private static void Walk(JsonNode node, IReadOnlyList<string> terms)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => (Key: (object)p.Key, Value: p.Value)).ToList(),
            JsonArray a => a.Select((item, i) => (Key: (object)i, Value: item)).ToList(),
            _ => [],
        };
        foreach (var (key, value) in children)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                var replaced = Replace(text, terms);
                if (key is string name)
                    node[name] = replaced;
                else
                    node[(int)key] = replaced;
            }
            else if (value is not null)
            {
                Walk(value, terms);
            }
        }
    }

    private static string Replace(string text, IReadOnlyList<string> terms)
    {
        foreach (var term in terms.Where(t => t.Length > 0))
            text = text.Replace(term, Placeholder, StringComparison.Ordinal);
        return text;
    }

    /// <summary>One statement per term: <c>SET column = REPLACE(column, term, placeholder)</c> on the rows whose column holds it.</summary>
    private static async Task ReplaceAsync<T>(IQueryable<T> rows, Expression<Func<T, string?>> column, IEnumerable<string> terms, CancellationToken ct)
        where T : class
    {
        foreach (var term in terms.Where(t => t.Length > 0).Distinct())
        {
            // Values read from a closure become SQL parameters, not literals.
            var find = Expression.Property(Expression.Constant(new Term(term)), nameof(Term.Value));
            var with = Expression.Property(Expression.Constant(new Term(Placeholder)), nameof(Term.Value));
            var holds = Expression.Lambda<Func<T, bool>>(
                Expression.AndAlso(Expression.NotEqual(column.Body, Expression.Constant(null, typeof(string))), Expression.Call(column.Body, Contains, find)),
                column.Parameters);
            var replaced = Expression.Lambda<Func<T, string?>>(Expression.Call(column.Body, ReplaceText, find, with), column.Parameters);
            await rows.Where(holds).ExecuteUpdateAsync(s => s.SetProperty(column, replaced), ct);
        }
    }

    private sealed record Term(string Value);

    private static readonly System.Reflection.MethodInfo Contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly System.Reflection.MethodInfo ReplaceText = typeof(string).GetMethod(nameof(string.Replace), [typeof(string), typeof(string)])!;
}
