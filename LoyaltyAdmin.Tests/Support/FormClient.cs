using System.Net;
using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>Drives the static account pages the way a browser without JavaScript would.</summary>
public static partial class FormClient
{
    /// <summary>Reads the form on <paramref name="pageUrl"/>, fills the given fields and posts it back.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, IDictionary<string, string> fields)
    {
        var page = await client.GetAsync(pageUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>();
        foreach (Match hidden in HiddenInput().Matches(html))
            form[WebUtility.HtmlDecode(hidden.Groups["name"].Value)] = WebUtility.HtmlDecode(hidden.Groups["value"].Value);
        foreach (var (key, value) in fields)
            form[key] = value;
        return await client.PostAsync(pageUrl, new FormUrlEncodedContent(form));
    }

    /// <summary>The redirect target as a site-relative path and query, whether the server sent it absolute or not.</summary>
    public static string RedirectPath(this HttpResponseMessage response) =>
        response.Headers.Location is { } location
            ? (location.IsAbsoluteUri ? location.PathAndQuery : "/" + location.OriginalString.TrimStart('/'))
            : throw new Xunit.Sdk.XunitException($"Expected a redirect, got {(int)response.StatusCode}");

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password) =>
        client.SubmitFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    [GeneratedRegex("<input[^>]*type=\"hidden\"[^>]*name=\"(?<name>[^\"]+)\"[^>]*value=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenInput();
}
