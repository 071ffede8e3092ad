namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>The segment editor's state (mutable for binding); <see cref="ToDefinition"/> gives the pure definition.</summary>
public sealed class SegmentEditModel
{
    public sealed class Condition
    {
        public SegmentField Field { get; set; } = SegmentField.DaysSinceLastPurchase;
        public SegmentOperator Operator { get; set; } = SegmentOperator.AtLeast;
        public decimal Number { get; set; }
        public string? Text { get; set; }
        public int WindowDays { get; set; }
    }

    public sealed class Group
    {
        public bool MatchAny { get; set; }
        public List<Condition> Conditions { get; } = [];
    }

    public long? Id { get; set; }
    public string Name { get; set; } = "";
    public bool MatchAnyGroup { get; set; }
    public bool LapsingOnly { get; set; }
    public List<Group> Groups { get; } = [];

    /// <summary>Fields compared with a text (a tier code, a store id, a channel) rather than a number.</summary>
    public static bool IsText(SegmentField field) => field is SegmentField.Tier or SegmentField.HomeStore or SegmentField.JoinChannel;

    /// <summary>Fields that look at a window of days.</summary>
    public static bool HasWindow(SegmentField field) => field is SegmentField.PurchasesInWindow or SegmentField.SpendInWindow or SegmentField.ExpiringPoints
        or SegmentField.CouponsRedeemedInWindow or SegmentField.PointsRedeemedInWindow or SegmentField.SpendTopPercent;

    public SegmentDefinition ToDefinition() => new(
        [.. Groups.Select(g => new SegmentGroup([.. g.Conditions.Select(c => new SegmentCondition(c.Field, IsText(c.Field) ? SegmentOperator.Is : c.Operator, c.Number,
            IsText(c.Field) ? c.Text : null, HasWindow(c.Field) ? c.WindowDays : 0))], g.MatchAny))],
        MatchAnyGroup, LapsingOnly);

    public static SegmentEditModel From(SegmentSummary? saved)
    {
        var model = new SegmentEditModel { Id = saved?.Id, Name = saved?.Name ?? "" };
        if (saved is null)
            return model;
        model.MatchAnyGroup = saved.Definition.MatchAnyGroup;
        model.LapsingOnly = saved.Definition.LapsingOnly;
        foreach (var g in saved.Definition.Groups)
        {
            var group = new Group { MatchAny = g.MatchAny };
            group.Conditions.AddRange(g.Conditions.Select(c => new Condition { Field = c.Field, Operator = c.Operator, Number = c.Number, Text = c.Text, WindowDays = c.WindowDays }));
            model.Groups.Add(group);
        }
        return model;
    }
}
