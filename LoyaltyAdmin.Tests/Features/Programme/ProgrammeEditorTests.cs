using Bunit;
using Microsoft.Extensions.DependencyInjection;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class ProgrammeEditorTests : ComponentTestBase
{
    private static readonly LoyaltyAdmin.Rules.Programme TeaShop = ProgrammeTemplates.TeaShop;
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private readonly CultureScope culture = new("en");

    public override Task InitializeAsync()
    {
        Context.Services.AddSingleton(TimeProvider.System);
        return Task.CompletedTask;
    }

    [Fact]
    public void TiersEditor_ShowsEachTiersSentence()
    {
        var editor = RenderTiers(TeaShop);

        var gold = Array.FindIndex(TeaShop.Tiers.ToArray(), t => t.Code == "gold");
        Assert.Equal("Gold: spend ¥1,000 or invite 3 friends; earns ×1.5; kept for 12 months if spend ¥500 in 12 months",
            editor.Find($"[data-testid=tier-summary-{gold}]").TextContent.Trim());
    }

    [Fact]
    public void ZeroMultiplier_IsReportedOnTheMultiplierFieldOfThatTier()
    {
        var gold = Array.FindIndex(TeaShop.Tiers.ToArray(), t => t.Code == "gold");
        var draft = TeaShop with { Tiers = TeaShop.Tiers.Replace(gold, TeaShop.Tiers[gold] with { PointsMultiplier = 0m }) };

        var editor = RenderTiers(draft);

        var field = editor.Find($"[data-testid=tier-multiplier-{gold}]").Closest(".mud-input-control")!;
        Assert.Contains("mud-input-error", field.InnerHtml);
        Assert.Contains("greater than zero", field.TextContent, StringComparison.OrdinalIgnoreCase);
        var silver = Array.FindIndex(TeaShop.Tiers.ToArray(), t => t.Code == "silver");
        Assert.DoesNotContain("mud-input-error", editor.Find($"[data-testid=tier-multiplier-{silver}]").Closest(".mud-input-control")!.InnerHtml);
    }

    [Fact]
    public void GoldThresholdBelowSilvers_IsReportedOnGoldsSpendCondition()
    {
        var gold = Array.FindIndex(TeaShop.Tiers.ToArray(), t => t.Code == "gold");
        var draft = TeaShop with
        {
            Tiers = TeaShop.Tiers.Replace(gold, TeaShop.Tiers[gold] with { Entry = [TierCondition.Spend(150m), TierCondition.Referrals(3)] }),
        };

        var editor = RenderTiers(draft);

        var threshold = editor.Find($"[data-testid='tiers[{gold}].entry-threshold-0']").Closest(".mud-input-control")!;
        Assert.Contains("mud-input-error", threshold.InnerHtml);
    }

    [Fact]
    public void AddingATier_RaisesTheDraftWithOneMoreTierAboveTheOthers()
    {
        LoyaltyAdmin.Rules.Programme? raised = null;
        var editor = RenderTiers(TeaShop, d => raised = d);

        editor.Find("[data-testid=add-tier] button, button[data-testid=add-tier]").Click();

        Assert.NotNull(raised);
        Assert.Equal(TeaShop.Tiers.Count + 1, raised!.Tiers.Count);
        Assert.Equal(TeaShop.Tiers.Max(t => t.Order) + 1, raised.Tiers[^1].Order);
    }

    [Fact]
    public void Simulator_FollowsTheDraft()
    {
        var wednesday = new DateOnly(2026, 11, 25);
        var simulator = Context.Render<SimulatorPanel>(p => p
            .Add(s => s.Draft, TeaShop).Add(s => s.Zone, Shanghai).Add(s => s.Today, wednesday));

        // ¥238 on a Wednesday for a Regular member: 238 points ×2 member day.
        Assert.Equal("476", simulator.Find("[data-testid=sim-points]").TextContent.Trim());
        Assert.Contains("Wednesday member day", simulator.Find("[data-testid=sim-explanation]").TextContent);

        var noPromotions = TeaShop with { Promotions = [] };
        simulator.Render(p => p.Add(s => s.Draft, noPromotions));

        Assert.Equal("238", simulator.Find("[data-testid=sim-points]").TextContent.Trim());
    }

    [Fact]
    public void Simulator_ShowsNoFigureForAnInvalidDraft()
    {
        var simulator = Context.Render<SimulatorPanel>(p => p
            .Add(s => s.Draft, TeaShop).Add(s => s.DraftIsValid, false).Add(s => s.Zone, Shanghai).Add(s => s.Today, new DateOnly(2026, 11, 25)));

        Assert.Empty(simulator.FindAll("[data-testid=sim-points]"));
        Assert.Contains("Fix the problems", simulator.Markup);
    }

    [Fact]
    public void Calendar_MarksEveryWednesdayAndThe15th()
    {
        var calendar = Context.Render<PromotionCalendar>(p => p.Add(c => c.Draft, TeaShop).Add(c => c.Month, new DateOnly(2026, 11, 1)));

        var promoted = calendar.FindAll(".promo-calendar-promoted").Select(d => d.GetAttribute("data-date")).ToList();

        Assert.Equal(["2026-11-04", "2026-11-11", "2026-11-15", "2026-11-18", "2026-11-25"], promoted);
        Assert.Contains("Wednesday member day ×2", calendar.Find("[data-date='2026-11-04']").TextContent);
    }

    [Fact]
    public void RemovingARule_AlsoTakesItOutOfThePromotions()
    {
        LoyaltyAdmin.Rules.Programme? raised = null;
        var editor = Context.Render<EarningRulesEditor>(p => p
            .Add(e => e.Draft, TeaShop)
            .Add(e => e.Errors, ProgrammeErrors.Of(TeaShop))
            .Add(e => e.DraftChanged, (LoyaltyAdmin.Rules.Programme d) => raised = d));

        editor.Find("[data-testid=rule-purchase] button[aria-label=Remove]").Click();

        Assert.DoesNotContain(raised!.EarningRules, r => r.Id == "purchase");
        Assert.All(raised.Promotions, p => Assert.DoesNotContain("purchase", p.RuleIds));
    }

    private IRenderedComponent<TiersEditor> RenderTiers(LoyaltyAdmin.Rules.Programme draft, Action<LoyaltyAdmin.Rules.Programme>? onChange = null) =>
        Context.Render<TiersEditor>(p => p
            .Add(e => e.Draft, draft)
            .Add(e => e.Errors, ProgrammeErrors.Of(draft))
            .Add(e => e.Currency, "CNY")
            .Add(e => e.DraftChanged, (LoyaltyAdmin.Rules.Programme d) => onChange?.Invoke(d)));

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
    }
}
