namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>What the automation editor sends.</summary>
public sealed record AutomationForm(string Name, long SegmentId, long? PackId, long Points, string? Schedule, int ControlPercent, int OncePerDays,
    int? BudgetTotal, int? BudgetPerDay, DateOnly? StartsOn, DateOnly? EndsOn, int AttributionDays = 30);

public sealed record AutomationRow(long Id, string Name, string SegmentName, string? PackName, long Points, string? Schedule, int ControlPercent,
    AutomationStatus Status, DateTime? LastRunAtUtc, int Treated, int Control);

/// <summary>A run decided but not written: who would be picked now, and what it would cost at most.</summary>
public sealed record AutomationDryRun(int Audience, int Treated, int Control, decimal EstimatedCost);

public enum AutomationRunStatus { Done, Busy, NotActive, OutsideDates, AlreadyRan }

/// <summary>What a run did: members rewarded, held out, skipped (out of stock), and those it had already picked this period.</summary>
public sealed record AutomationRunResult(AutomationRunStatus Status, int Treated = 0, int Control = 0, int Skipped = 0, int AlreadyPicked = 0, bool BudgetReached = false);
