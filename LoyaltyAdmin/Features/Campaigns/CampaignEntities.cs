namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>A saved segment: a <see cref="SegmentDefinition"/> as JSON. Built-in ones carry their <see cref="BuiltInKey"/> and stay editable.</summary>
public sealed class SavedSegment
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public string? BuiltInKey { get; set; }
    public string Definition { get; set; } = "{}";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public long Version { get; set; }
}

public enum AutomationStatus { Draft, Active, Paused }

/// <summary>
/// An automation: on a schedule (a cron expression in the merchant's time zone) or when run by hand, gives the members of a
/// segment who agreed to marketing a coupon pack and/or points, holding out a control group that gets nothing.
/// </summary>
public sealed class Automation
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public long SegmentId { get; set; }
    public long? PackId { get; set; }
    public long Points { get; set; }

    /// <summary>Five-field cron expression in the merchant's zone ("0 9 * * *": daily at 09:00); null: run by hand only.</summary>
    public string? Schedule { get; set; }

    /// <summary>Percent of the audience held out (0 disables the control group).</summary>
    public int ControlPercent { get; set; } = 10;

    /// <summary>A member is picked again only after this many days.</summary>
    public int OncePerDays { get; set; } = 30;

    /// <summary>Members rewarded in all (null: no limit).</summary>
    public int? BudgetTotal { get; set; }

    /// <summary>Members rewarded per merchant day (null: no limit).</summary>
    public int? BudgetPerDay { get; set; }

    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    /// <summary>Days after the pick in which a purchase counts as a return (the results page).</summary>
    public int AttributionDays { get; set; } = 30;

    public AutomationStatus Status { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime? LastRunAtUtc { get; set; }
    public long Version { get; set; }
}

/// <summary>
/// One member picked by one run of an automation (treated or held out as control): at most one per automation, member and
/// period (the merchant day), so a run repeated the same day, or on two instances, gives nothing twice.
/// </summary>
public sealed class AutomationGrant
{
    public long Id { get; set; }
    public long AutomationId { get; set; }
    public long MemberId { get; set; }
    public DateOnly Period { get; set; }
    public bool IsControl { get; set; }
    public DateTime GrantedAtUtc { get; set; }
    public long Points { get; set; }
    public int Coupons { get; set; }
}
