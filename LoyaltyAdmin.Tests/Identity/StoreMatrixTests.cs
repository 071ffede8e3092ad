using System.Net;
using System.Text;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using MiniExcel = MiniExcelLibs.MiniExcel;
using static LoyaltyAdmin.Tests.Identity.SecurityMatrixTests;

namespace LoyaltyAdmin.Tests.Identity;

/// <summary>
/// Data × store, beside the role × page matrix: every page and console endpoint of the route table that takes the id of
/// a store's data (a member, a referral campaign's inviters, an export, a store, a member's phone) is opened by each role
/// of two stores with the <em>other</em> store's value, through the real pipeline. The Owner sees it, the Analyst sees
/// it masked, a StoreManager of the other store sees none of it; the observed matrix is written to
/// <c>artifacts/store-matrix.md</c>. A parameter the matrix does not know fails <see cref="EveryParameterOfTheRouteTable_IsKnownToTheStoreMatrix"/>.
/// Coupon and redemption ids are taken by no route: the pages pass them to the services, whose matrix is
/// <c>StoreServiceMatrixTests</c>.
/// </summary>
public sealed partial class StoreMatrixTests(StoreMatrixTests.Host host) : IClassFixture<StoreMatrixTests.Host>
{
    public enum Data { Member, ReferralCampaign, Export, Store, MemberPhone }

    public enum Seen { Shows, Masked, Hidden, Refused }

    private const string ManagerS1 = "StoreManager S001";
    private const string ManagerS2 = "StoreManager S002";

    private static readonly IReadOnlyList<string> Subjects = [Roles.Owner, Roles.Analyst, ManagerS1, ManagerS2];

    /// <summary>Route parameters that name a store's data.</summary>
    private static readonly Dictionary<(string Template, string Parameter), Data> StoreData = new()
    {
        [("/members/{Id:long}", "Id")] = Data.Member,
        [("/campaigns/referrals/{Id:long}", "Id")] = Data.ReferralCampaign,
        [("/reports/exports/{id:guid}", "id")] = Data.Export,
        [("/members/export.xlsx", "store")] = Data.Store,
        [("/members/export.xlsx", "search")] = Data.MemberPhone,
        [("/members/{id:long}/personal-data.json", "id")] = Data.Member,
        [("/members/{id:long}/personal-data.xlsx", "id")] = Data.Member,
    };

    /// <summary>Route parameters that carry no store's data, and why.</summary>
    private static readonly Dictionary<(string Template, string Parameter), string> NotStoreData = new()
    {
        [("/members/export.xlsx", "tier")] = "a tier code of the programme",
        [("/members/export.xlsx", "joinedFrom")] = "a date",
        [("/members/export.xlsx", "joinedTo")] = "a date",
        [("/members/export.xlsx", "activeSince")] = "a date",
        [("/programme/export", "version")] = "a programme version, the same for every store",
        [("/culture/set", "culture")] = "the user's language",
        [("/culture/set", "returnUrl")] = "a local address to go back to",
        [("/Account/Login", "ReturnUrl")] = "a local address to go back to",
        [("/openapi/{documentName}.json", "documentName")] = "the API description's name",
        [("/settings/audit", "member")] = "a member number the Owner-only audit log is filtered by (its access entries name no phone or name)",
        [("/programme/dry-run/{id:guid}", "id")] = "an Owner's tier dry run, answered only to the Owner who ran it",
        [("/settings/webhooks/deliveries", "endpoint")] = "a webhook endpoint of the whole merchant (Owner only)",
        [("/campaigns/segments/{id:long}/export.xlsx", "id")] = "a saved segment of the whole merchant; its rows are the caller's listed members (MemberScope), masked as the caller sees them",
        [("/campaigns/automations/{Id:long}/results", "Id")] = "an automation of the whole merchant (Owner and Analyst only); its results are counts and money, no member",
        [("/campaigns/automations/{id:long}/results.xlsx", "id")] = "an automation of the whole merchant (Owner and Analyst only); its results are counts and money, no member",
    };

    [Fact]
    public void EveryParameterOfTheRouteTable_IsKnownToTheStoreMatrix()
    {
        var unknown = host.Routes().SelectMany(r => r.Parameters.Where(p => !StoreData.ContainsKey((r.Template, p)) && !NotStoreData.ContainsKey((r.Template, p)))
            .Select(p => $"{r.Method} {r.Template}: {p}")).ToList();

        Assert.True(unknown.Count == 0, "Say whether these parameters name a store's data (StoreData) or not (NotStoreData):\n" + string.Join('\n', unknown));
    }

    [Fact]
    public async Task EveryPageAndEndpointTakingAnotherStoresData_ShowsItOnlyToThoseWhoWorkOnThatStore()
    {
        var targets = host.Routes().Where(r => r.Parameters.Any(p => StoreData.ContainsKey((r.Template, p)))).ToList();
        Assert.Contains(targets, t => t.Template == "/members/{Id:long}");
        Assert.Contains(targets, t => t.Template == "/members/export.xlsx");

        var rows = new List<(Route Route, Cell[] Cells)>();
        foreach (var route in targets)
        {
            var cells = new List<Cell>();
            foreach (var subject in Subjects)
                cells.Add(await ProbeAsync(route, subject));
            rows.Add((route, [.. cells]));
        }
        var report = WriteReport(rows);

        var wrong = rows.SelectMany(r => r.Cells.Where(c => c.Observed != c.Expected)
            .Select(c => $"{r.Route.Method} {r.Route.Template} as {c.Subject}: expected {c.Expected}, got {c.Observed} ({c.Detail})")).ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\n\n" + report);
    }

    [Fact]
    public async Task AVisitingMembersPage_OpensForTheManagerWhoFoundThemByWholePhone_AndNoOtherManager()
    {
        var traveller = host.Traveller;
        var before = await host.GetAsync(ManagerS1, $"/members/{traveller.MemberId}");
        Assert.DoesNotContain(traveller.Name, before);

        await host.App.Services.GetRequiredService<MemberService>().SearchAsync(await host.ActorAsync(ManagerS1), new MemberQuery(Search: traveller.Phone));

        Assert.Contains(traveller.Phone, await host.GetAsync(ManagerS1, $"/members/{traveller.MemberId}"));
        Assert.DoesNotContain(traveller.Name, await host.GetAsync(Host.SecondManagerS1, $"/members/{traveller.MemberId}"));
        Assert.DoesNotContain(host.S2.Name, await host.GetAsync(ManagerS1, $"/members/{host.S2.MemberId}"));
    }

    [Fact]
    public async Task TheMemberExport_AnswersPartOfANumberFromAnAnalyst_WithAFieldProblem()
    {
        var client = await host.ClientAsync(Roles.Analyst);

        using var response = await client.GetAsync("/members/export.xlsx?search=1390000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"search\"", await response.Content.ReadAsStringAsync());
    }

    public sealed record Route(string Method, string Template, IReadOnlyList<string> Parameters, IReadOnlyList<object> Metadata);

    public sealed record Cell(string Subject, Seen Expected, Seen Observed, string Detail);

    /// <summary>A store's member: what would give them away on a page or in a file.</summary>
    public sealed record StoreMember(int StoreId, long MemberId, string Phone, string Name);

    private async Task<Cell> ProbeAsync(Route route, string subject)
    {
        var other = subject == ManagerS2 ? host.S1 : host.S2;
        var kinds = route.Parameters.Where(p => StoreData.ContainsKey((route.Template, p))).ToDictionary(p => p, p => StoreData[(route.Template, p)]);
        string Value(Data kind) => kind switch
        {
            Data.Member => other.MemberId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Data.ReferralCampaign => host.CampaignId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Data.Export => host.ExportId.ToString(),
            Data.Store => other.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => other.Phone,
        };
        var path = new StringBuilder();
        var pattern = RoutePatternFactory.Parse(route.Template);
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Value(kinds[parameter.Name]),
                    _ => "",
                });
        }
        var query = kinds.Where(k => pattern.GetParameter(k.Key) is null).Select(k => $"{k.Key}={Uri.EscapeDataString(Value(k.Value))}").ToList();
        if (query.Count > 0)
            path.Append('?').Append(string.Join('&', query));

        var client = await host.ClientAsync(subject);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(route.Method), path.ToString()));
        var (observed, detail) = await ObserveAsync(response, other, kinds.ContainsValue(Data.Export));
        return new Cell(subject, Expected(route, kinds.Values, subject), observed, detail);
    }

    /// <summary>What the declarations and <see cref="Permissions.Grants"/> say the subject gets of another store's data.</summary>
    private static Seen Expected(Route route, IEnumerable<Data> kinds, string subject)
    {
        var role = subject.StartsWith(Roles.StoreManager, StringComparison.Ordinal) ? Roles.StoreManager : subject;
        if (Requirement.Of(route.Metadata).Expected(role, isApi: false) != Outcome.Allowed)
            return Seen.Refused;
        if (kinds.Contains(Data.Export))
            return role == Roles.Owner ? Seen.Shows : Seen.Refused; // the Owner asked for it; a file is its requester's only
        if (!Permissions.Grants[Permissions.Members.AllStores].Contains(role))
            return Seen.Hidden;
        return Permissions.Grants[Permissions.Members.SeeFullPhone].Contains(role) ? Seen.Shows : Seen.Masked;
    }

    private static async Task<(Seen, string)> ObserveAsync(HttpResponseMessage response, StoreMember other, bool isFile)
    {
        var status = (int)response.StatusCode;
        if (response.Headers.Location is not null)
            return (Seen.Refused, $"{status} → {response.RedirectPath()}");
        if (status is 401 or 403 or 404)
            return (Seen.Refused, status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(status == 200, $"unexpected {status}");
        if (isFile)
            return (Seen.Shows, "200, the file");
        var text = response.Content.Headers.ContentType?.MediaType?.Contains("spreadsheet", StringComparison.Ordinal) == true
            ? XlsxText(await response.Content.ReadAsByteArrayAsync())
            : await response.Content.ReadAsStringAsync();
        return text.Contains(other.Phone, StringComparison.Ordinal) ? (Seen.Shows, "200, full phone")
            : text.Contains(PhoneNumbers.Mask(other.Phone), StringComparison.Ordinal) || text.Contains(other.Name, StringComparison.Ordinal) ? (Seen.Masked, "200, masked")
            : (Seen.Hidden, "200, nothing of them");
    }

    private static string XlsxText(byte[] file)
    {
        using var stream = new MemoryStream(file);
        return string.Join('\n', MiniExcel.Query(stream).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static string WriteReport(IReadOnlyList<(Route Route, Cell[] Cells)> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("# Store matrix");
        md.AppendLine();
        md.AppendLine("Generated by `StoreMatrixTests` from the route table: what each role of two stores gets when a page or console endpoint is given the *other* store's data.");
        md.AppendLine("`Shows` = in full, `Masked` = phone masked, `Hidden` = the page answers without any of it, `Refused` = denied or not found. ❌ marks a cell that differs from the rule.");
        md.AppendLine();
        md.AppendLine($"| Method | Route | Data | {string.Join(" | ", Subjects)} |");
        md.AppendLine($"|---|---|---|{string.Concat(Subjects.Select(_ => "---|"))}");
        foreach (var (route, cells) in rows)
        {
            var data = string.Join(", ", route.Parameters.Where(p => StoreData.ContainsKey((route.Template, p))).Select(p => $"{p}: {StoreData[(route.Template, p)]}"));
            md.AppendLine($"| {route.Method} | `{route.Template}` | {data} | {string.Join(" | ", cells.Select(c => c.Observed == c.Expected ? $"{c.Observed} ({c.Detail})" : $"❌ {c.Observed} ({c.Detail}, expected {c.Expected})"))} |");
        }
        var text = md.ToString();
        var folder = Path.Combine(RepositoryRoot.Path, "LoyaltyAdmin.Tests", "artifacts");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "store-matrix.md"), text);
        return text;
    }
}
