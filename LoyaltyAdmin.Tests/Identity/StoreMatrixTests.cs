using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
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
public sealed class StoreMatrixTests(StoreMatrixTests.Host host) : IClassFixture<StoreMatrixTests.Host>
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

    /// <summary>The app over a fresh database with stores S001 and S002, a member and a manager of each, an Analyst and the Owner.</summary>
    public sealed class Host : IAsyncLifetime
    {
        public const string SecondManagerS1 = "second StoreManager S001";

        private readonly Dictionary<string, HttpClient> clients = [];
        private readonly Dictionary<string, string> emails = new()
        {
            [Roles.Owner] = AppHost.OwnerEmail, [Roles.Analyst] = "store-analyst@test.local",
            [ManagerS1] = "store-s1@test.local", [ManagerS2] = "store-s2@test.local", [SecondManagerS1] = "store-s1b@test.local",
        };

        public AppHost App { get; } = new();
        public StoreMember S1 { get; private set; } = default!;
        public StoreMember S2 { get; private set; } = default!;

        /// <summary>A second member of S002, for the visit test (the matrix keeps to <see cref="S2"/>).</summary>
        public StoreMember Traveller { get; private set; } = default!;

        public long CampaignId { get; private set; }
        public Guid ExportId { get; private set; }

        public async Task InitializeAsync()
        {
            App.CreateBrowserlessClient().Dispose(); // starts the host: migrations and the Owner
            await using (var db = App.Database.CreateContext())
            {
                var now = DateTime.UtcNow;
                var s1 = new LoyaltyAdmin.Features.Settings.Store { Code = "S001", Name = "Store S001", CreatedAtUtc = now };
                var s2 = new LoyaltyAdmin.Features.Settings.Store { Code = "S002", Name = "Store S002", CreatedAtUtc = now };
                db.Stores.AddRange(s1, s2);
                await db.SaveChangesAsync();
                Member New(string phone, string name, int store) => new()
                {
                    Phone = phone, Name = name, ReferralCode = "C" + phone[^7..], TierCode = "regular", HomeStoreId = store, JoinedAtUtc = now,
                    TierSince = DateOnly.FromDateTime(now),
                };
                var local = New("13900001700", "Local Lin", s1.Id);
                var visitor = New("13900002800", "Visitor Wu", s2.Id);
                var traveller = New("13900003900", "Traveller Xu", s2.Id);
                var friends = new[] { New("13700000001", "Friend One", s1.Id), New("13700000002", "Friend Two", s2.Id) };
                db.Members.AddRange([local, visitor, traveller, .. friends]);
                var campaign = new LoyaltyAdmin.Features.Referrals.ReferralCampaign { Name = "Bring a friend", StartDate = new DateOnly(2026, 1, 1), EndDate = new DateOnly(2026, 12, 31), Active = true };
                db.ReferralCampaigns.Add(campaign);
                await db.SaveChangesAsync();
                db.Referrals.AddRange(
                    new LoyaltyAdmin.Features.Referrals.Referral { CampaignId = campaign.Id, ReferrerId = local.Id, RefereeId = friends[0].Id, RefereePhone = friends[0].Phone, RegisteredAtUtc = now },
                    new LoyaltyAdmin.Features.Referrals.Referral { CampaignId = campaign.Id, ReferrerId = visitor.Id, RefereeId = friends[1].Id, RefereePhone = friends[1].Phone, RegisteredAtUtc = now });
                await db.SaveChangesAsync();
                (S1, S2, Traveller, CampaignId) = (new(s1.Id, local.Id, local.Phone, local.Name), new(s2.Id, visitor.Id, visitor.Phone, visitor.Name),
                    new(s2.Id, traveller.Id, traveller.Phone, traveller.Name), campaign.Id);
            }
            await App.CreateUserAsync(emails[Roles.Analyst], Roles.Analyst);
            await App.CreateUserAsync(emails[ManagerS1], Roles.StoreManager, S1.StoreId);
            await App.CreateUserAsync(emails[ManagerS2], Roles.StoreManager, S2.StoreId);
            await App.CreateUserAsync(emails[SecondManagerS1], Roles.StoreManager, S1.StoreId);
            ExportId = await OwnersExportAsync();
        }

        /// <summary>The Owner's report export, built by the app's own worker; its id is what the others try.</summary>
        private async Task<Guid> OwnersExportAsync()
        {
            var queue = App.Services.GetRequiredService<ReportExportQueue>();
            var ready = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Changed(ExportJob job)
            {
                if (job.Status == ExportStatus.Ready)
                    ready.TrySetResult(job.Id);
                else if (job.Status == ExportStatus.Failed)
                    ready.TrySetException(new InvalidOperationException("The export failed."));
            }
            queue.Changed += Changed;
            try
            {
                var month = await App.Services.GetRequiredService<ReportService>().CurrentMonthAsync();
                queue.Enqueue(await ActorAsync(Roles.Owner), new ExportRequest(ReportKind.Tiers, ReportFilter.Month(month)));
                return await ready.Task;
            }
            finally
            {
                queue.Changed -= Changed;
            }
        }

        /// <summary>The subject as the services see them after signing in (id, role, store).</summary>
        public async Task<StaffActor> ActorAsync(string subject)
        {
            await using var scope = App.Services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var factory = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
            return StaffActor.From(await factory.CreateAsync((await users.FindByEmailAsync(emails[subject]))!));
        }

        public async Task<HttpClient> ClientAsync(string subject)
        {
            if (clients.TryGetValue(subject, out var existing))
                return existing;
            var client = App.CreateBrowserlessClient();
            var response = await client.SignInAsync(emails[subject], subject == Roles.Owner ? AppHost.OwnerPassword : AppHost.StandardPassword);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return clients[subject] = client;
        }

        public async Task<string> GetAsync(string subject, string path)
        {
            using var response = await (await ClientAsync(subject)).GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        /// <summary>Pages (component routes with their query parameters) and the console's endpoints; the integration API is keyed by store and out of scope.</summary>
        public IReadOnlyList<Route> Routes()
        {
            var pages = typeof(Program).Assembly.GetTypes()
                .Where(t => typeof(IComponent).IsAssignableFrom(t))
                .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new Route("GET", r.Template,
                    [.. RoutePatternFactory.Parse(r.Template).Parameters.Select(p => p.Name),
                        .. t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                            .Where(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is not null)
                            .Select(p => p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()!.Name ?? p.Name)],
                    [.. t.GetCustomAttributes(inherit: true)])));
            var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => !SecurityMatrixTests.Host.IsFramework(e) && e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
                .Select(e => (Endpoint: e, Template: "/" + e.RoutePattern.RawText!.TrimStart('/')))
                .Where(e => !e.Template.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
                .Select(e =>
                {
                    var methods = e.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                    var route = e.Endpoint.RoutePattern.Parameters.Select(p => p.Name).ToList();
                    var query = (e.Endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault()?.GetParameters() ?? [])
                        .Where(p => IsSimple(p.ParameterType) && !route.Contains(p.Name!, StringComparer.OrdinalIgnoreCase)).Select(p => p.Name!);
                    return new Route(methods.Contains("GET") ? "GET" : methods[0], e.Template, [.. route, .. query], [.. e.Endpoint.Metadata]);
                });
            return [.. pages.Concat(endpoints).OrderBy(r => r.Template, StringComparer.OrdinalIgnoreCase)];
        }

        private static bool IsSimple(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal)
                || type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset);
        }

        public async Task DisposeAsync()
        {
            foreach (var client in clients.Values)
                client.Dispose();
            await App.DisposeAsync();
        }
    }
}
