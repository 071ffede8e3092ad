using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>A members fixture with the notices wired as the app wires them, and test data written directly.</summary>
public static class NoticesTestData
{
    public static MembersFixture Fixture() => new(configure: s => s.AddNotices());

    /// <summary>A Shanghai wall-clock time ("2027-03-02 00:05") as the instant it is.</summary>
    public static DateTimeOffset Shanghai(string local) => new(TimeZoneInfo.ConvertTimeToUtc(
        DateTime.ParseExact(local, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), MembersFixture.Shanghai), TimeSpan.Zero);

    public static async Task SettingsAsync(this MembersFixture f, Action<NoticeSettings> change)
    {
        await using var db = f.NewContext();
        var settings = new NoticeSettings();
        change(settings);
        db.NoticeSettings.Add(settings);
        await db.SaveChangesAsync();
    }

    public static async Task UpdateMemberAsync(this MembersFixture f, long id, Action<LoyaltyAdmin.Features.Members.Member> change)
    {
        await using var db = f.NewContext();
        change(await db.Members.SingleAsync(m => m.Id == id));
        await db.SaveChangesAsync();
    }

    /// <summary>An issued coupon whose last valid day is <paramref name="lastDay"/> (valid until that merchant day ends).</summary>
    public static async Task CouponAsync(this MembersFixture f, long memberId, string code, DateOnly lastDay, string name = "Welcome coupon")
    {
        var template = await LoyaltyAdmin.Tests.Features.Coupons.CouponSeed.TemplateAsync(f.DbFactory, name);
        await using var db = f.NewContext();
        var now = f.Clock.GetUtcNow().UtcDateTime;
        db.Coupons.Add(new Coupon
        {
            Code = code, MemberId = memberId, TemplateId = template, Status = CouponStatus.Issued, IssuedAtUtc = now, RecordedAtUtc = now, ValidFromUtc = now,
            ValidUntilUtc = NoticeCandidates.StartUtc(lastDay.AddDays(1), MembersFixture.Shanghai), Source = CouponSource.Manual, Reference = code,
        });
        await db.SaveChangesAsync();
    }

    public static async Task<List<MemberNotice>> NoticesAsync(this MembersFixture f, long? memberId = null)
    {
        await using var db = f.NewContext();
        return await db.MemberNotices.AsNoTracking().Where(n => memberId == null || n.MemberId == memberId).OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>The outbox's notice events, oldest first.</summary>
    public static async Task<List<OutboxEvent>> NoticeEventsAsync(this MembersFixture f, long? memberId = null)
    {
        await using var db = f.NewContext();
        return await db.OutboxEvents.AsNoTracking().Where(e => e.Type.StartsWith("notice.") && (memberId == null || e.MemberId == memberId))
            .OrderBy(e => e.Sequence).ToListAsync();
    }
}
