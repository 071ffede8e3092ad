using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

/// <summary>Configurable limits of the members feature (section <c>Members</c>).</summary>
public sealed class MembersOptions
{
    /// <summary>Manual adjustments larger than this (either sign) wait for an Owner's approval.</summary>
    public long ApprovalLimit { get; set; } = 500;
}

/// <summary>
/// Why a ledger operation wrote nothing (<see cref="LedgerError.Refused"/>: the feature acting alongside it said no;
/// <see cref="LedgerError.DifferentRequest"/>: its idempotency key was first used with another request body).
/// </summary>
public enum LedgerError { None, MemberNotFound, MemberNotActive, InsufficientPoints, InvalidAmount, UnknownOrder, RefundExceedsOrder, Refused, DifferentRequest }

/// <summary>
/// The outcome of applying an activity; <see cref="Duplicate"/> answers the original result again. For a refund,
/// <see cref="Points"/> is what was taken back (0 or less) and <see cref="Shortfall"/> what could not be, already spent.
/// <see cref="NoAwardReason"/> is a code for why an activity earned nothing because of itself (a share without a referred friend).
/// </summary>
public sealed record ActivityResult(
    LedgerError Error,
    long MemberId,
    bool Duplicate,
    long Points,
    long Growth,
    long Balance,
    long Available,
    string TierCode,
    bool TierChanged,
    IReadOnlyList<RuleAward> Rules,
    string Explanation,
    long Shortfall = 0,
    string? NoAwardReason = null)
{
    public bool Succeeded => Error == LedgerError.None;

    public static ActivityResult Failed(LedgerError error, long memberId) => new(error, memberId, false, 0, 0, 0, 0, "", false, [], "");
}

/// <summary>The outcome of a redemption or other direct ledger write.</summary>
public sealed record LedgerResult(LedgerError Error, long Balance, long Available, bool Duplicate = false, long? EntryId = null)
{
    public bool Succeeded => Error == LedgerError.None;
}

/// <summary>Form model of the adjust-points dialog.</summary>
public sealed class AdjustPointsModel
{
    public long MemberId { get; set; }
    public long? Points { get; set; }
    public AdjustmentReason? Reason { get; set; }
    public string? Note { get; set; }
}

public enum AdjustOutcome { Applied, AwaitingApproval, Invalid }

/// <summary>The outcome of an adjustment; <see cref="Hold"/> says why one awaiting approval waits.</summary>
public sealed record AdjustResult(AdjustOutcome Outcome, SaveResult Errors, long Balance = 0, long? EntryId = null, long? RequestId = null,
    AdjustmentHold? Hold = null)
{
    public static AdjustResult Invalid(SaveResult errors) => new(AdjustOutcome.Invalid, errors);
}
