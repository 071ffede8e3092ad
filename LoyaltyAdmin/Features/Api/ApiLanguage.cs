using LoyaltyAdmin.Features.Members.Centre;
using Microsoft.Net.Http.Headers;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The language a member-centre answer's texts are in. Accept-Language decides when sent: its most preferred Chinese or
/// English tag (zh-CN, zh-Hans, zh → Simplified Chinese; anything else → English); without one the member's preferred
/// language does, else English. The answer says which in its <c>language</c> field and in Content-Language.
/// </summary>
public static class ApiLanguage
{
    /// <summary>"zh-Hans" or "en" when the request sent Accept-Language; null when it did not (the member's own language then).</summary>
    public static string? Requested(HttpRequest request)
    {
        var header = request.GetTypedHeaders().AcceptLanguage;
        if (header.Count == 0)
            return null;
        foreach (var tag in header.Where(h => h.Quality is not 0).OrderByDescending(h => h.Quality ?? 1))
        {
            if (MemberLanguage.Normalize(tag.Value.Value) is { } known)
                return known;
        }
        return MemberLanguage.English;
    }

    /// <summary>Says which language the texts are in, and that caches must keep one answer per Accept-Language.</summary>
    public static void Answered(HttpResponse response, string language)
    {
        response.Headers.ContentLanguage = language;
        response.Headers.Append(HeaderNames.Vary, HeaderNames.AcceptLanguage);
    }
}
