using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// The member list's filters, shared by the list, its count and the export, so none of them shows more than another.
/// A search term is a phone number (a prefix for those who see full phones, the complete number for everyone else), or
/// the start of a name or referral code. A StoreManager's results are their store's members, plus the one member whose
/// complete phone number they typed (a visiting customer).
/// </summary>
public static class MemberSearch
{
    /// <summary>Digits that make a term the start of a phone number for those who see full phones.</summary>
    private const int PhonePrefixDigits = 3;

    private const int ReferralCodeLength = 8;

    /// <summary>
    /// Whether the search is refused: for those who see masked phones, a number that is neither a complete phone number
    /// nor a whole referral code, so no prefix can narrow down the hidden digits.
    /// </summary>
    public static bool IsRefused(StaffActor actor, string? search) =>
        !actor.Can(Permissions.Members.SeeFullPhone) && IsNumber(search, 1) && PhoneNumbers.Normalize(search) is null && Compact(search!).Length != ReferralCodeLength;

    /// <summary>The complete, normalised phone number the term is, or null.</summary>
    public static string? FullPhone(string? search) => IsNumber(search, 1) ? PhoneNumbers.Normalize(search) : null;

    /// <summary>
    /// The sort the actor may use: by phone only for those who see full phones, because the order of masked numbers
    /// gives away their hidden digits.
    /// </summary>
    public static string? Sort(StaffActor actor, string? sortBy) =>
        sortBy == nameof(MemberRow.Phone) && !actor.Can(Permissions.Members.SeeFullPhone) ? null : sortBy;

    /// <summary>
    /// The filtered members, as a range on the phone, name or referral-code index so SQLite and SQL Server seek instead of
    /// scanning a million rows.
    /// </summary>
    public static IQueryable<Member> Filter(IQueryable<Member> members, StaffActor actor, MemberQuery query, TimeZoneInfo zone)
    {
        var full = FullPhone(query.Search);
        if (IsRefused(actor, query.Search))
            return members.Where(m => false);
        // A visiting customer is found across stores by their whole number only; everything else stays in the actor's store.
        members = full is not null && actor.StoreScope is not null ? members.Where(m => m.Phone == full) : MemberScope.Listed(members, actor);
        var term = query.Search?.Trim() ?? "";
        if (!actor.Can(Permissions.Members.SeeFullPhone) && IsNumber(term, 1))
        {
            // Whole values only: the number itself, or a referral code made of digits.
            var code = Compact(term).ToUpperInvariant();
            members = members.Where(m => m.Phone == full || m.ReferralCode == code);
        }
        else if (IsNumber(term, PhonePrefixDigits))
        {
            var digits = new string(term.Where(char.IsDigit).ToArray());
            var (lo, hi) = PrefixRange(term.StartsWith('+') ? "+" + digits : digits);
            members = members.Where(m => string.Compare(m.Phone, lo) >= 0 && string.Compare(m.Phone, hi) < 0);
        }
        else if (term.Length > 0)
        {
            var (lo, hi) = PrefixRange(term);
            var (codeLo, codeHi) = PrefixRange(term.ToUpperInvariant());
            members = members.Where(m => (string.Compare(m.Name, lo) >= 0 && string.Compare(m.Name, hi) < 0)
                || (string.Compare(m.ReferralCode, codeLo) >= 0 && string.Compare(m.ReferralCode, codeHi) < 0));
        }
        if (!string.IsNullOrEmpty(query.TierCode))
            members = members.Where(m => m.TierCode == query.TierCode);
        if (query.StoreId is { } store)
            members = members.Where(m => m.HomeStoreId == store);
        if (query.JoinedFrom is { } from)
        {
            var fromUtc = StartOfDayUtc(from, zone);
            members = members.Where(m => m.JoinedAtUtc >= fromUtc);
        }
        if (query.JoinedTo is { } to)
        {
            var toUtc = StartOfDayUtc(to.AddDays(1), zone);
            members = members.Where(m => m.JoinedAtUtc < toUtc);
        }
        if (query.ActiveSince is { } since)
        {
            var sinceUtc = StartOfDayUtc(since, zone);
            members = members.Where(m => m.LastActivityUtc >= sinceUtc);
        }
        return members;
    }

    /// <summary>Digits with phone separators (spaces, dashes, brackets, dots, a leading +), at least <paramref name="minDigits"/> of them.</summary>
    private static bool IsNumber(string? search, int minDigits)
    {
        var text = search?.Trim() ?? "";
        var body = text.StartsWith('+') ? text[1..] : text;
        return body.Count(char.IsAsciiDigit) >= minDigits && body.All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')' or '.');
    }

    private static string Compact(string search) => new(search.Where(char.IsAsciiDigit).ToArray());

    private static (string Lo, string Hi) PrefixRange(string prefix) => (prefix, prefix + '\uffff');

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
