using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Members.Centre;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Api;

/// <summary>Field checks of the API's requests: limits on sizes and values, before anything is written.</summary>
public sealed class ApiValidation
{
    public const int IdMaxLength = 64;
    public const int NameMaxLength = 100;
    public const long MaxPoints = 10_000_000;

    private readonly Dictionary<string, string[]> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;
    public IResult Problem() => ApiProblems.Validation(errors);

    public void Add(string field, string message) => errors.TryAdd(field, [message]);

    public string? Id(string field, string? value, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"'{field}' is required.");
            return null;
        }
        if (value.Length > IdMaxLength)
            Add(field, $"'{field}' must be at most {IdMaxLength} characters.");
        else
            Text(field, value);
        return value;
    }

    public string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add("phone", "'phone' is required.");
            return null;
        }
        var phone = value.Length <= 32 ? PhoneNumbers.Normalize(value) : null;
        if (phone is null)
            Add("phone", "'phone' must be a mobile number such as 13812345678 or +8613812345678.");
        return phone;
    }

    public Channel Channel(string? value, Channel fallback)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "": return fallback;
            case "mini_program" or "miniprogram": return Rules.Channel.MiniProgram;
            case "app": return Rules.Channel.App;
            case "store": return Rules.Channel.Store;
            default:
                Add("channel", "'channel' must be mini_program, app or store.");
                return fallback;
        }
    }

    public ActivityType? EventType(string? value)
    {
        ActivityType? type = value?.Trim().ToLowerInvariant() switch
        {
            "purchase" => ActivityType.Purchase,
            "refund" => ActivityType.Refund,
            "checkin" or "check_in" => ActivityType.CheckIn,
            "share" => ActivityType.Share,
            "review" => ActivityType.Review,
            "profile_completed" => ActivityType.ProfileCompleted,
            _ => null,
        };
        if (type is null)
            Add("type", "'type' must be purchase, refund, checkin, share, review or profile_completed.");
        return type;
    }

    public DateTimeOffset? OccurredAt(DateTimeOffset? value, DateTimeOffset now, ApiOptions options)
    {
        if (value is null)
            Add("occurredAt", "'occurredAt' is required (ISO 8601 with an offset).");
        else if (value > now + options.MaxFutureSkew)
            Add("occurredAt", $"'occurredAt' is more than {options.MaxFutureSkew.TotalMinutes:0} minutes in the future.");
        else if (value < now - options.MaxAge)
            Add("occurredAt", $"'occurredAt' is more than {options.MaxAge.TotalDays:0} days in the past.");
        return value;
    }

    public decimal Amount(decimal? value, bool required, bool positive, ApiOptions options)
    {
        if (value is null)
        {
            if (required) Add("amount", "'amount' is required for this type.");
            return 0;
        }
        if (value < 0 || (positive && value == 0))
            Add("amount", positive ? "'amount' must be greater than 0." : "'amount' must not be negative.");
        else if (value > options.MaxAmount)
            Add("amount", $"'amount' must be at most {options.MaxAmount:0}.");
        else if (decimal.Round(value.Value, 2) != value)
            Add("amount", "'amount' has at most 2 decimals.");
        return value.Value;
    }

    /// <summary>
    /// A purchase's shipping and the part paid with points or coupons: each 0 or more with at most 2 decimals, together at most
    /// the order's amount; refused on other event types.
    /// </summary>
    public (decimal Shipping, decimal PaidWithPointsOrCoupons) OrderParts(decimal? shipping, decimal? paid, decimal amount, bool purchase)
    {
        foreach (var (field, value) in new[] { ("shipping", shipping), ("paidWithPointsOrCoupons", paid) })
        {
            if (value is null)
                continue;
            if (!purchase)
                Add(field, $"'{field}' is for purchase events only.");
            else if (value < 0)
                Add(field, $"'{field}' must not be negative.");
            else if (decimal.Round(value.Value, 2) != value)
                Add(field, $"'{field}' has at most 2 decimals.");
        }
        if (purchase && IsValid && (shipping ?? 0) + (paid ?? 0) > amount)
            Add((shipping ?? 0) > 0 ? "shipping" : "paidWithPointsOrCoupons", "'shipping' and 'paidWithPointsOrCoupons' together must not be more than 'amount'.");
        return (shipping ?? 0, paid ?? 0);
    }

    public string? Name(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            Add("name", "'name' is required.");
        else if (value.Trim().Length > NameMaxLength)
            Add("name", $"'name' must be at most {NameMaxLength} characters.");
        else
            Text("name", value);
        return value;
    }

    /// <summary>The shared rule for names and texts (<see cref="SafeText"/>), said in the API's English.</summary>
    private void Text(string field, string value)
    {
        switch (SafeText.Check(value))
        {
            case TextFault.ControlCharacter:
                Add(field, $"'{field}' must not contain control characters (such as NUL, ESC, tabs or line breaks).");
                break;
            case TextFault.BidiControl:
                Add(field, $"'{field}' must not contain characters that reverse or reorder text (such as U+202E).");
                break;
        }
    }

    /// <summary>A consent wording version: optional, short, and only with the answer it belongs to.</summary>
    public void ConsentWording(bool? consent, string? version)
    {
        if (version is null)
            return;
        if (consent is null)
            Add("consentWordingVersion", "'consentWordingVersion' is sent only with 'marketingConsent'.");
        else if (string.IsNullOrWhiteSpace(version) || version.Trim().Length > Members.MemberConsent.WordingVersionMaxLength)
            Add("consentWordingVersion", $"'consentWordingVersion' must be 1 to {Members.MemberConsent.WordingVersionMaxLength} characters.");
        else
            Text("consentWordingVersion", version);
    }

    public void Birthday(DateOnly? value, DateOnly today)
    {
        if (value is { } b && (b > today || b < today.AddYears(-130)))
            Add("birthday", "'birthday' must be a past date.");
    }

    public long Points(long? value)
    {
        if (value is null)
            Add("points", "'points' is required.");
        else if (value <= 0 || value > MaxPoints)
            Add("points", $"'points' must be between 1 and {MaxPoints}.");
        return value ?? 0;
    }

    /// <summary>Where the previous page ended; null for the first page.</summary>
    public PageCursor? Cursor(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (PageCursor.TryDecode(value, out var cursor))
            return cursor;
        Add("cursor", "'cursor' must be a nextCursor this API answered; leave it out for the first page.");
        return null;
    }

    /// <summary>Rows per page: 1 to <see cref="PageCursor.MaxLimit"/>, <see cref="PageCursor.DefaultLimit"/> when not sent.</summary>
    public int Limit(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return PageCursor.DefaultLimit;
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= PageCursor.MaxLimit)
            return limit;
        Add("limit", $"'limit' must be a whole number from 1 to {PageCursor.MaxLimit}.");
        return PageCursor.DefaultLimit;
    }

    public CouponStatus? CouponStatus(string? value)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "": return null;
            case "issued": return Coupons.CouponStatus.Issued;
            case "redeemed": return Coupons.CouponStatus.Redeemed;
            case "expired": return Coupons.CouponStatus.Expired;
            case "voided": return Coupons.CouponStatus.Voided;
            default:
                Add("status", "'status' must be issued, redeemed, expired or voided.");
                return null;
        }
    }

    /// <summary>A month as yyyy-MM (its first day); null when not sent (the merchant's current month).</summary>
    public DateOnly? Month(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first)
            && first.Year is >= 2000 and <= 2100)
            return first;
        Add("month", "'month' must be a month as yyyy-MM, e.g. 2026-12.");
        return null;
    }
}
