using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class AdjustmentTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(approvalLimit: 500);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static AdjustPointsModel Adjust(long memberId, long points, AdjustmentReason reason = AdjustmentReason.Goodwill, string? note = "sorry") =>
        new() { MemberId = memberId, Points = points, Reason = reason, Note = note };

    [Fact]
    public async Task StoreManager_AtTheLimit_AppliesAtOnce_WithAnAuditEntry()
    {
        var id = await f.AddStoreMemberAsync();

        var result = await f.Ledger.AdjustAsync(Manager, Adjust(id, 500));

        Assert.Equal(AdjustOutcome.Applied, result.Outcome);
        var entry = Assert.Single(await f.EntriesAsync(id));
        Assert.Equal((PointsEntryKind.Adjust, PointsSource.Operator, AdjustmentReason.Goodwill, "manager-1"), (entry.Kind, entry.Source, entry.Reason, entry.OperatorId));
        await using var db = f.NewContext();
        var audit = await db.AuditLog.SingleAsync();
        Assert.Equal(("points.adjusted", "manager@shop.test", id.ToString()), (audit.Action, audit.UserName, audit.EntityId));
        Assert.Contains("\"PointsBalance\":0", audit.Before);
        Assert.Contains("\"PointsBalance\":500", audit.After);
    }

    [Fact]
    public async Task StoreManager_AboveTheLimit_WaitsForApproval_AndWritesNoPoints()
    {
        var id = await f.AddStoreMemberAsync();

        var result = await f.Ledger.AdjustAsync(Manager, Adjust(id, 501));

        Assert.Equal(AdjustOutcome.AwaitingApproval, result.Outcome);
        Assert.Empty(await f.EntriesAsync(id));
        await using var db = f.NewContext();
        Assert.Equal(AdjustmentStatus.Pending, (await db.AdjustmentRequests.SingleAsync()).Status);
    }

    [Fact]
    public async Task NegativeAdjustment_AboveTheLimit_AlsoWaitsForApproval()
    {
        var id = await f.AddStoreMemberAsync();

        var result = await f.Ledger.AdjustAsync(Manager, Adjust(id, -501));

        Assert.Equal(AdjustOutcome.AwaitingApproval, result.Outcome);
    }

    [Fact]
    public async Task Owner_ApprovingARequest_AppliesIt_AndAuditsTheDecision()
    {
        var id = await f.AddStoreMemberAsync();
        var request = await f.Ledger.AdjustAsync(Manager, Adjust(id, 800));

        var approved = await f.Ledger.ApproveAsync(Owner, request.RequestId!.Value, "ok");
        var twice = await f.Ledger.ApproveAsync(Owner, request.RequestId!.Value, "ok");

        Assert.Equal(AdjustOutcome.Applied, approved.Outcome);
        Assert.Equal(AdjustOutcome.Invalid, twice.Outcome);
        Assert.Equal(800, (await f.MemberAsync(id)).PointsBalance);
        await using var db = f.NewContext();
        var stored = await db.AdjustmentRequests.SingleAsync();
        Assert.Equal((AdjustmentStatus.Approved, "owner@shop.test"), (stored.Status, stored.DecidedByName));
        Assert.NotNull(stored.EntryId);
        Assert.Equal(["adjustment.approved", "adjustment.requested", "points.adjusted"], (await db.AuditLog.Select(a => a.Action).ToListAsync()).Order());
    }

    [Fact]
    public async Task Owner_RejectingARequest_WritesNoPoints_AndAuditsTheDecision()
    {
        var id = await f.AddStoreMemberAsync();
        var request = await f.Ledger.AdjustAsync(Manager, Adjust(id, 800));

        var rejected = await f.Ledger.RejectAsync(Owner, request.RequestId!.Value, "no receipt");

        Assert.True(rejected.Succeeded);
        Assert.Empty(await f.EntriesAsync(id));
        await using var db = f.NewContext();
        Assert.Equal(AdjustmentStatus.Rejected, (await db.AdjustmentRequests.SingleAsync()).Status);
        Assert.Contains(await db.AuditLog.Select(a => a.Action).ToListAsync(), a => a == "adjustment.rejected");
    }

    [Fact]
    public async Task Owner_AdjustingAboveTheLimit_IsAlreadyApproved()
    {
        var id = await f.AddStoreMemberAsync();

        var result = await f.Ledger.AdjustAsync(Owner, Adjust(id, 5000));

        Assert.Equal(AdjustOutcome.Applied, result.Outcome);
    }

    [Fact]
    public async Task Analyst_CannotAdjust()
    {
        var id = await f.AddStoreMemberAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => f.Ledger.AdjustAsync(Analyst, Adjust(id, 10)));
    }

    [Fact]
    public async Task StoreManager_CannotApproveOrReject()
    {
        var id = await f.AddStoreMemberAsync();
        var request = await f.Ledger.AdjustAsync(Manager, Adjust(id, 800));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => f.Ledger.ApproveAsync(Manager, request.RequestId!.Value, null));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => f.Ledger.RejectAsync(Manager, request.RequestId!.Value, null));
    }

    [Fact]
    public async Task Deduction_LargerThanTheAvailableBalance_IsAFieldError()
    {
        var id = await f.AddStoreMemberAsync();
        await f.Ledger.AdjustAsync(Manager, Adjust(id, 100));

        var result = await f.Ledger.AdjustAsync(Manager, Adjust(id, -101));

        Assert.Equal(AdjustOutcome.Invalid, result.Outcome);
        Assert.NotNull(result.Errors.For(nameof(AdjustPointsModel.Points)));
        Assert.Equal(100, (await f.MemberAsync(id)).PointsBalance);
    }

    [Theory]
    [InlineData(0L, AdjustmentReason.Goodwill, "x", "Points")]
    [InlineData(10L, null, "x", "Reason")]
    [InlineData(10L, AdjustmentReason.Other, "", "Note")]
    public async Task InvalidForm_SavesNothing_AndNamesTheField(long points, AdjustmentReason? reason, string note, string field)
    {
        var id = await f.AddStoreMemberAsync();

        var result = await f.Ledger.AdjustAsync(Manager, new AdjustPointsModel { MemberId = id, Points = points, Reason = reason, Note = note });

        Assert.Equal(AdjustOutcome.Invalid, result.Outcome);
        Assert.NotNull(result.Errors.For(field));
        Assert.Empty(await f.EntriesAsync(id));
    }
}
