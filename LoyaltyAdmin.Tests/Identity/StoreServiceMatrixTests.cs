using System.Reflection;
using System.Text;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Components;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Identity;

/// <summary>
/// The data × store matrix of what the pages send the services: every method of a service a page injects that takes a
/// StaffActor and the id of a member, coupon, redemption, campaign or store (directly or in its model) is called by each
/// role with the other store's record, then, for a StoreManager, with their own (a control that the probe can reach at
/// all). Only those who work on every store reach the other store's; what each may reach at all comes from
/// <see cref="Permissions.Grants"/>. The observed matrix is written to <c>artifacts/store-service-matrix.md</c>.
/// </summary>
public sealed partial class StoreServiceMatrixTests : IAsyncLifetime
{
    private readonly Dictionary<string, Probe> probes;

    public StoreServiceMatrixTests() => probes = Probes();

    /// <summary>Methods whose id names nothing of one store's, and why.</summary>
    private static readonly Dictionary<string, string> NotStoreData = new()
    {
        ["CouponService.GetTemplateAsync(id)"] = "a coupon template of the whole programme",
        ["CouponService.GetPackAsync(id)"] = "a coupon pack of the whole programme",
        ["CatalogueService.GetModelAsync(id)"] = "a catalogue item of the whole programme",
        ["ReferralCampaignService.GetModelAsync(id)"] = "a campaign's settings (Owner only)",
        ["ReferralCampaignService.SetActiveAsync(id)"] = "a campaign's switch (Owner only)",
        ["ProgrammeService.RollbackAsync(versionId)"] = "a programme version (Owner only)",
        ["BulkAdjustmentService.UndoAsync(batchId)"] = "an Owner's batch over every store (Owner only)",
        ["ApiKeyService.CreateAsync(model)"] = "a store's API key (Owner only)",
        ["ApiKeyService.RevokeAsync(keyId)"] = "an API key (Owner only)",
        ["CouponWriteOff.CheckAsync(request)"] = "a coupon checked by its whole code, a bearer secret, at any till; writes nothing",
        ["WebhookLog.FinishedAsync(deliveryId)"] = "a webhook delivery of the whole merchant (Owner only)",
        ["WebhookLog.FinishedAsync(endpointId)"] = "a webhook endpoint of the whole merchant (Owner only)",
        ["WebhookLog.ReplayAsync(deliveryId)"] = "a webhook delivery of the whole merchant (Owner only)",
        ["WebhookLog.ReplayRangeAsync(endpointId)"] = "a webhook endpoint of the whole merchant (Owner only)",
        ["WebhookLog.SendTestAsync(endpointId)"] = "a webhook endpoint of the whole merchant (Owner only)",
        ["WebhookService.DeleteAsync(id)"] = "a webhook endpoint (Owner only)",
        ["WebhookService.GetAsync(id)"] = "a webhook endpoint (Owner only)",
        ["WebhookService.RotateSecretAsync(id)"] = "a webhook endpoint's secret (Owner only)",
        ["WebhookService.UpdateAsync(id)"] = "a webhook endpoint (Owner only)",
        ["MemberService.RegisterAsync(model)"] = "a sign-up: a StoreManager's goes into their own store, whatever store it names",
        ["AccessLog.MemberExportedAsync(memberId)"] = "writes a log entry naming the member by number; shows nothing",
        ["AccessLog.MemberViewedAsync(memberId)"] = "writes a log entry naming the member by number; shows nothing",
        ["AccessLog.MembersExportedAsync(query)"] = "writes a log entry of the filters (a phone masked); shows nothing",
        ["AuditService.GetPageAsync(query)"] = "the audit log (Owner only)",
        ["ConsentService.GetAsync(memberId)"] = "served members only (MemberScope.Served; ConsentAndAccessTests)",
        ["BadgeService.AwardAsync(memberId)"] = "served members only (MemberScope.MayServeAsync; ChallengeLedgerTests.StaffAward_ToAMemberOfAnotherStore_IsNotFound)",
        ["ConsentService.SetAsync(memberId)"] = "served members only (MemberScope.MayServeAsync; ConsentAndAccessTests)",
        ["MemberErasure.EraseAsync(memberId)"] = "an erasure (Owner only; ErasureTests.OnlyTheOwner_MayErase)",
        ["AutomationService.DryRunAsync(id)"] = "an automation of the whole merchant (Owner and Analyst); answers counts and money",
        ["AutomationService.GetAsync(id)"] = "an automation's settings (Owner and Analyst)",
        ["AutomationService.RunNowAsync(id)"] = "an automation run (Owner only)",
        ["AutomationService.SetStatusAsync(id)"] = "an automation's switch (Owner only)",
        ["SegmentService.ExportAsync(id)"] = "a saved segment of the whole merchant; its rows are the caller's listed members (MemberScope.Listed; SegmentServiceTests)",
        ["SegmentService.SaveAsync(id)"] = "a saved segment (Owner only)",
        ["LiftService.MeasureAsync(automationId)"] = "an automation's results (Owner and Analyst); counts and money, no member",
        ["ReportService.ConsentAsync(requested)"] = "narrowed to the StoreManager's own store like every report (ReportService.Scope)",
    };

    [Fact]
    public void EveryServiceMethodAPageCanSendAnId_IsProbed_OrSaysWhyNot()
    {
        var methods = ServiceMethodsTakingIds();
        Assert.Contains("MemberService.GetDetailAsync(id)", methods);

        var unknown = methods.Where(m => !probes.ContainsKey(m) && !NotStoreData.ContainsKey(m)).ToList();
        var stale = probes.Keys.Concat(NotStoreData.Keys).Except(methods).ToList();

        Assert.True(unknown.Count == 0, "Probe these, or say why they hold no store's data:\n" + string.Join('\n', unknown));
        Assert.True(stale.Count == 0, "No such method any more:\n" + string.Join('\n', stale));
    }

    [Fact]
    public async Task EveryProbedMethod_ReachesAnotherStoresRecord_OnlyForThoseWhoWorkOnEveryStore()
    {
        var rows = new List<(string Method, List<Cell> Cells)>();
        foreach (var (method, probe) in probes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var cells = new List<Cell>();
            foreach (var (name, actor, target) in Subjects())
            {
                var role = actor.Principal.IsInRole(Roles.StoreManager) ? Roles.StoreManager : name;
                var may = Permissions.Grants[probe.Permission].Contains(role);
                var expected = may && (Permissions.Grants[Permissions.Members.AllStores].Contains(role) || actor.StoreId == target.StoreId);
                cells.Add(new Cell(name, expected, await ReachesAsync(probe, actor, target)));
            }
            rows.Add((method, cells));
        }
        var report = Report(rows);

        var wrong = rows.SelectMany(r => r.Cells.Where(c => c.Expected != c.Observed).Select(c => $"{r.Method} as {c.Subject}: expected {Text(c.Expected)}, got {Text(c.Observed)}")).ToList();
        Assert.True(wrong.Count == 0, string.Join('\n', wrong) + "\n\n" + report);
    }

    /// <summary>Each role on the other store's record; each StoreManager also on their own store's.</summary>
    private IEnumerable<(string Name, StaffActor Actor, Side Target)> Subjects()
    {
        yield return (Roles.Owner, Owner, s2);
        yield return (Roles.Analyst, Analyst, s2);
        yield return ("StoreManager S001 → S002", ManagerS1, s2);
        yield return ("StoreManager S002 → S001", ManagerS2, s1);
        yield return ("StoreManager S001 → S001", ManagerS1, s1);
    }

    private static async Task<bool> ReachesAsync(Probe probe, StaffActor actor, Side target)
    {
        try
        {
            return await probe.Reach(actor, target);
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>"Type.Method(parameter)" for every public method of the services the pages inject that takes an actor and an id.</summary>
    private static List<string> ServiceMethodsTakingIds()
    {
        var services = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(p => p.GetCustomAttribute<InjectAttribute>() is not null && p.PropertyType.Namespace?.StartsWith("LoyaltyAdmin.Features", StringComparison.Ordinal) == true)
            .Select(p => p.PropertyType).Distinct();
        return [.. services
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && m.GetParameters().Any(p => p.ParameterType == typeof(StaffActor)))
                .SelectMany(m => m.GetParameters().Where(NamesARecord).Select(p => $"{t.Name}.{m.Name}({p.Name})")))
            .Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>An id (<c>id</c>, <c>…Id</c>) or a model carrying a member's or a store's id.</summary>
    private static bool NamesARecord(ParameterInfo p)
    {
        var type = Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType;
        if (type == typeof(long) || type == typeof(int))
            return p.Name == "id" || p.Name!.EndsWith("Id", StringComparison.Ordinal);
        return type.IsClass && type != typeof(StaffActor) && type != typeof(string)
            && type.GetProperties().Any(x => x.Name == "MemberId" || x.Name.EndsWith("StoreId", StringComparison.Ordinal));
    }

    private static string Text(bool reached) => reached ? "reached" : "not reached";

    private static string Report(List<(string Method, List<Cell> Cells)> rows)
    {
        var subjects = rows[0].Cells.Select(c => c.Subject).ToList();
        var md = new StringBuilder();
        md.AppendLine("# Store service matrix");
        md.AppendLine();
        md.AppendLine("Generated by `StoreServiceMatrixTests`: each service method a page can send a record's id to, called by each role with another store's record (and by each StoreManager with their own).");
        md.AppendLine("`reached` = the record was read or changed; `—` = refused, empty or not found. ❌ marks a cell that differs from the rule.");
        md.AppendLine();
        md.AppendLine($"| Method | {string.Join(" | ", subjects)} |");
        md.AppendLine($"|---|{string.Concat(subjects.Select(_ => "---|"))}");
        foreach (var (method, cells) in rows)
            md.AppendLine($"| `{method}` | {string.Join(" | ", cells.Select(c => (c.Observed ? "reached" : "—") + (c.Observed == c.Expected ? "" : " ❌")))} |");
        md.AppendLine();
        md.AppendLine("Not probed, holding no store's data: " + string.Join("; ", NotStoreData.Select(n => $"`{n.Key}` ({n.Value})")));
        var text = md.ToString();
        var folder = Path.Combine(RepositoryRoot.Path, "LoyaltyAdmin.Tests", "artifacts");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "store-service-matrix.md"), text);
        return text;
    }

    /// <summary>How one method is called on a store's record, the permission it needs, and whether the call reached the record.</summary>
    private sealed record Probe(string Permission, Func<StaffActor, Side, Task<bool>> Reach);

    private sealed record Cell(string Subject, bool Expected, bool Observed);

    /// <summary>A store and its records: its first member and how many members it has.</summary>
    private sealed record Side(int StoreId, long MemberId, int Members);
}
