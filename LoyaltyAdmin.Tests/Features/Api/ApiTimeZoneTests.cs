using System.Net.Http.Json;
using System.Text;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>An occurredAt's day is the merchant's day (Asia/Shanghai by default), whatever offset it is sent with.</summary>
public sealed class ApiTimeZoneTests : IAsyncLifetime
{
    private readonly ApiTestHost app = new();

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task Purchase_AtWednesday1700Utc_IsThursday0100InShanghai_AndEarnsTheThursdayDouble()
    {
        var client = app.Client(app.KeyA);
        app.Clock.Set(new DateTimeOffset(2026, 11, 25, 15, 50, 0, TimeSpan.Zero));
        var thursdayDouble = ProgrammeTemplates.Minimal with
        {
            Promotions = [new Promotion { Id = "thursday", Name = "Thursday member day", Schedule = new WeeklySchedule([DayOfWeek.Thursday]), Multiplier = 2m, RuleIds = ["purchase"] }],
        };
        var put = await client.PutAsync("/api/v1/program", new StringContent(ProgrammeJson.Serialize(thursdayDouble), Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        await app.RegisterAsync(client, "13800000300");

        // 15:55 UTC is still Wednesday 23:55 in Shanghai.
        var wednesday = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events",
            new { eventId = "tz-1", type = "purchase", phone = "13800000300", occurredAt = "2026-11-25T15:55:00+00:00", orderId = "o-1", amount = 100 }));
        app.Clock.Set(new DateTimeOffset(2026, 11, 25, 16, 55, 0, TimeSpan.Zero));
        var thursday = await ApiTestHost.JsonAsync(await client.PostAsJsonAsync("/api/v1/events",
            new { eventId = "tz-2", type = "purchase", phone = "13800000300", occurredAt = "2026-11-25T17:00:00+00:00", orderId = "o-2", amount = 100 }));

        Assert.Equal(100, wednesday.GetProperty("points").GetInt64());
        Assert.Equal(200, thursday.GetProperty("points").GetInt64());
    }
}
