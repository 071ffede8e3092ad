using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace LoyaltyAdmin.Features.Members.Centre;

/// <summary>
/// Where a page of a member-centre list ends: the last row's sort key and id, opaque to clients (base64url). A page starts
/// after it, so rows written meanwhile never shift a page (they come before the first page, or after the last).
/// </summary>
public readonly record struct PageCursor(long Key, long Id)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Key}.{Id}")));

    /// <summary>The cursor a client sent back; false for anything this server did not write.</summary>
    public static bool TryDecode(string? text, out PageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 64)
            return false;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                cursor = new PageCursor(key, id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}

/// <summary>One page of a list and where the next starts (null on the last page).</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, string? NextCursor);
