using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Tests.Features.Api;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>The mini-program's side of a member's rights: consent at registration, GET …/export and DELETE (idempotent by requestId).</summary>
public sealed class PrivacyApiTests(ApiTestHost api) : IClassFixture<ApiTestHost>
{
    [Fact]
    public async Task Registration_RecordsTheMembersConsent_WithChannelWordingAndTime()
    {
        var client = api.Client(api.KeyA);

        var response = await client.PostAsJsonAsync("/api/v1/members", new
        {
            requestId = "reg-c1", phone = "13600000101", name = "Han Mei", channel = "app", marketingConsent = true, consentWordingVersion = "2026-11",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var db = await api.Factory.CreateDbContextAsync();
        var member = await db.Members.SingleAsync(m => m.Phone == "13600000101");
        Assert.Equal((true, "app", "2026-11", ApiTestHost.Start.UtcDateTime), (member.MarketingConsent, member.ConsentSource, member.ConsentWordingVersion,
            member.ConsentChangedAtUtc!.Value));
        var change = await db.ConsentChanges.SingleAsync(c => c.MemberId == member.Id);
        Assert.Equal((true, "app", "2026-11"), (change.Consent, change.Source, change.WordingVersion));
    }

    [Fact]
    public async Task AWordingVersionWithoutAnAnswer_IsAFieldProblem()
    {
        var response = await api.Client(api.KeyA).PostAsJsonAsync("/api/v1/members",
            new { requestId = "reg-c2", phone = "13600000102", name = "Han Mei", consentWordingVersion = "2026-11" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("consentWordingVersion", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_AnswersEverythingHeldAboutTheMember_AndIsInTheAccessLog()
    {
        var client = api.Client(api.KeyA);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(client, "13600000103", name: "Li Lei 李雷")).StatusCode);
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-103", "13600000103", 88m, "o-103", ApiTestHost.Start));

        await using (var seed = await api.Host.Services.CreateTestContextAsync())
        {
            // A badge given by staff and a challenge under way: personal data too.
            var memberId = (await seed.Members.SingleAsync(m => m.Phone == "13600000103")).Id;
            seed.MemberBadges.Add(new MemberBadge { MemberId = memberId, BadgeCode = "regular", Source = BadgeSource.Staff, Reason = "tenth visit", AwardedBy = "owner",
                AwardedAtUtc = ApiTestHost.Start.UtcDateTime, RecordedAtUtc = ApiTestHost.Start.UtcDateTime });
            seed.MemberChallengeProgress.Add(new MemberChallengeProgress { MemberId = memberId, ChallengeId = "three-visits", PeriodStart = new DateOnly(2026, 12, 1),
                PeriodEnd = new DateOnly(2026, 12, 31), Value = 1, LastDay = new DateOnly(2026, 12, 1), UpdatedAtUtc = ApiTestHost.Start.UtcDateTime });
            await seed.SaveChangesAsync();
        }

        var response = await client.GetAsync("/api/v1/members/13600000103/export");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ApiTestHost.JsonAsync(response);
        Assert.Equal(("13600000103", "Li Lei 李雷"), (json.GetProperty("profile").GetProperty("phone").GetString(), json.GetProperty("profile").GetProperty("name").GetString()));
        Assert.Contains(json.GetProperty("orders").EnumerateArray(), o => o.GetProperty("orderId").GetString() == "o-103");
        Assert.NotEmpty(json.GetProperty("points").EnumerateArray());
        var badge = Assert.Single(json.GetProperty("badges").EnumerateArray());
        Assert.Equal(("regular", "Staff", "tenth visit"), (badge.GetProperty("badge").GetString(), badge.GetProperty("source").GetString(), badge.GetProperty("reason").GetString()));
        var challenge = Assert.Single(json.GetProperty("challenges").EnumerateArray());
        Assert.Equal(("three-visits", 1m), (challenge.GetProperty("challengeId").GetString(), challenge.GetProperty("progress").GetDecimal()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/members/13600000999/export")).StatusCode);
        await using var db = await api.Factory.CreateDbContextAsync();
        var id = (await db.Members.SingleAsync(m => m.Phone == "13600000103")).Id.ToString();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == AccessLog.MemberExported && a.EntityId == id));
    }

    [Fact]
    public async Task Delete_ErasesTheMember_OnceByRequestId_AndTheSameIdForAnotherPhoneIsAConflict()
    {
        var client = api.Client(api.KeyA);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(client, "13600000104")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(client, "13600000105")).StatusCode);
        await client.PostAsJsonAsync("/api/v1/events", ApiTestHost.Purchase("e-104", "13600000104", 120m, "o-104", ApiTestHost.Start));

        var first = await client.DeleteAsync("/api/v1/members/13600000104?requestId=del-104");
        var again = await client.DeleteAsync("/api/v1/members/13600000104?requestId=del-104");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var (a, b) = (await ApiTestHost.JsonAsync(first), await ApiTestHost.JsonAsync(again));
        Assert.False(a.GetProperty("duplicate").GetBoolean());
        Assert.True(b.GetProperty("duplicate").GetBoolean());
        Assert.True(a.GetProperty("pointsExpired").GetInt64() > 0);
        Assert.Equal(a.GetProperty("pointsExpired").GetInt64(), b.GetProperty("pointsExpired").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync("/api/v1/members/13600000105?requestId=del-104")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.DeleteAsync("/api/v1/members/13600000105")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync("/api/v1/members/13600000999?requestId=del-999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/members/13600000104")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/members/13600000104/export")).StatusCode);
        await using var db = await api.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Members.CountAsync(m => m.Status == MemberStatus.Erased && m.Name == MemberErasure.ErasedName
            && db.ErasedPhones.Any(e => e.MemberId == m.Id)));
        Assert.Equal(MemberStatus.Active, (await db.Members.SingleAsync(m => m.Phone == "13600000105")).Status);
    }
}
