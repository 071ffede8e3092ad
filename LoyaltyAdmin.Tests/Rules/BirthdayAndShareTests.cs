using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class BirthdayAndShareTests
{
    private static readonly BirthdayRule Month = new() { Id = "birthday", Name = "Birthday", Points = 100 };
    private static readonly BirthdayRule OnTheDay = Month with { OnDayOnly = true };

    [Theory]
    // Birthday month: any day of it, whichever day the member was born.
    [InlineData("1990-11-30", "2026-11-01", false, true)]
    [InlineData("1990-11-30", "2026-11-30", false, true)]
    [InlineData("1990-11-30", "2026-12-01", false, false)]
    [InlineData("1990-11-30", "2026-10-31", false, false)]
    // On the day only: that day, nothing else in the month.
    [InlineData("1990-11-30", "2026-11-30", true, true)]
    [InlineData("1990-11-30", "2026-11-29", true, false)]
    // 29 February: the whole of February; on the day only, the 28th in a common year and the 29th in a leap year.
    [InlineData("1992-02-29", "2027-02-01", false, true)]
    [InlineData("1992-02-29", "2027-02-28", true, true)]
    [InlineData("1992-02-29", "2028-02-28", true, false)]
    [InlineData("1992-02-29", "2028-02-29", true, true)]
    [InlineData("1992-02-29", "2027-03-01", true, false)]
    public void IsDueOn_TheBirthdayMonthOrTheDay(string birthday, string day, bool onDayOnly, bool expected)
    {
        var rule = onDayOnly ? OnTheDay : Month;
        Assert.Equal(expected, rule.IsDueOn(DateOnly.Parse(birthday), DateOnly.Parse(day)));
    }

    [Theory]
    [InlineData("2027-02-28T10:00:00+08:00", true, 100)]
    [InlineData("2027-02-27T10:00:00+08:00", true, 0)]
    [InlineData("2027-02-10T10:00:00+08:00", false, 100)]
    public void LeapDayBirthday_InACommonYear_EarnsInFebruary(string at, bool onDayOnly, long expected)
    {
        var programme = ProgrammeTemplates.Minimal with { EarningRules = [onDayOnly ? OnTheDay : Month] };
        var member = Member() with { Birthday = new DateOnly(1992, 2, 29) };

        Assert.Equal(expected, Evaluate(programme, member, Of(ActivityType.Birthday, at)).Points);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("13900000001", 50)]
    public void Share_EarnsOnlyWithAFriendReference(string? reference, long expected)
    {
        using var _ = new UiCulture("en");
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member(), Of(ActivityType.Share, "2026-11-23T10:00:00+08:00", reference: reference));

        Assert.Equal(expected, award.Points);
        if (expected == 0)
        {
            Assert.Contains(award.Lines, l => l.Kind == ExplanationKind.ShareWithoutFriend);
            Assert.Contains("names no friend", award.Explain());
        }
    }

    [Fact]
    public void Share_OncePerFriend()
    {
        var first = Evaluate(ProgrammeTemplates.TeaShop, Member(), Of(ActivityType.Share, "2026-11-23T10:00:00+08:00", reference: "13900000001"));
        var member = Member() with { UsedOnceKeys = new HashSet<OnceKey>(first.OnceKeysConsumed) };

        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Share, "2026-11-24T10:00:00+08:00", reference: "13900000001")).Points);
        Assert.Equal(50, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Share, "2026-11-24T10:00:00+08:00", reference: "13900000002")).Points);
    }
}
