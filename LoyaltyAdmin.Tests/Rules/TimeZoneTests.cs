using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class TimeZoneTests
{
    // 2026-11-24 is a Tuesday, 2026-11-25 the Wednesday member day.
    [Theory]
    [InlineData("2026-11-24T23:30:00+08:00", 100)]
    [InlineData("2026-11-24T15:30:00Z", 100)]
    [InlineData("2026-11-24T10:30:00-05:00", 100)]
    [InlineData("2026-11-25T00:00:00+08:00", 200)]
    [InlineData("2026-11-24T16:00:00Z", 200)]
    [InlineData("2026-11-25T23:59:59+08:00", 200)]
    [InlineData("2026-11-26T00:00:00+08:00", 100)]
    public void Purchase_AroundMidnightInShanghai_UsesTheMerchantsDay(string at, long expected)
    {
        Assert.Equal(expected, Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(100m, at)).Points);
    }

    [Fact]
    public void Purchase_At2330ShanghaiOnTuesday_IsTuesdayWhateverTheOffsetSent()
    {
        var instant = new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.FromHours(8));
        foreach (var offset in new[] { -12, -5, 0, 1, 8, 9, 14 })
        {
            var sent = instant.ToOffset(TimeSpan.FromHours(offset));
            var award = Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(100m, "2026-01-01T00:00:00Z") with { OccurredAt = sent });
            Assert.Equal(new DateOnly(2026, 11, 24), award.LocalDate);
            Assert.Equal(100, award.Points);
        }
    }

    // Same UTC clock time: 22:30Z is 23:30 in Berlin in winter (CET, +1) but 00:30 the next day in summer (CEST, +2).
    [Theory]
    [InlineData("2026-01-07T22:30:00Z", "2026-01-07", 200)]
    [InlineData("2026-07-01T22:30:00Z", "2026-07-02", 100)]
    [InlineData("2026-07-01T21:59:59Z", "2026-07-01", 200)]
    [InlineData("2026-03-29T00:30:00Z", "2026-03-29", 100)]
    [InlineData("2026-10-24T22:30:00Z", "2026-10-25", 100)]
    public void Purchase_InBerlinAcrossDaylightSaving_UsesTheLocalDay(string at, string localDay, long expected)
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(100m, at), Berlin);
        Assert.Equal(DateOnly.Parse(localDay, System.Globalization.CultureInfo.InvariantCulture), award.LocalDate);
        Assert.Equal(expected, award.Points);
    }

    [Fact]
    public void Purchase_SameInstantInBerlinAndShanghai_CanFallOnDifferentDays()
    {
        var activity = Purchase(100m, "2026-01-07T22:30:00Z");
        Assert.Equal(200, Evaluate(ProgrammeTemplates.TeaShop, Member(), activity, Berlin).Points);
        Assert.Equal(100, Evaluate(ProgrammeTemplates.TeaShop, Member(), activity, Shanghai).Points);
    }

    [Fact]
    public void RulesSources_NeverReadTheServerClockOrZone()
    {
        var forbidden = new[] { "TimeZoneInfo.Local", "DateTime.Now", "DateTime.Today", "DateTimeOffset.Now", "DateTime.UtcNow", "DateTimeOffset.UtcNow", ".ToLocalTime(" };
        foreach (var file in SourceTree.RulesSourceFiles())
        {
            var text = File.ReadAllText(file);
            foreach (var token in forbidden) Assert.False(text.Contains(token, StringComparison.Ordinal), $"{file} uses {token}");
        }
    }
}
