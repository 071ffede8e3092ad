using System.Net;
using System.Reflection;
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

namespace LoyaltyAdmin.Tests.Identity;

public sealed partial class StoreMatrixTests
{
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
