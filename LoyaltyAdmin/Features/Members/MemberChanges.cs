namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Tells open member pages in this app instance that a member's ledger just changed (a till's purchase through
/// the API, another user's adjustment), so they refresh without a reload. Raised only after the commit.
/// </summary>
public sealed class MemberChanges
{
    public event Action<long>? Changed;

    public void Publish(IEnumerable<long> memberIds)
    {
        foreach (var id in memberIds.Distinct())
            Changed?.Invoke(id);
    }
}
