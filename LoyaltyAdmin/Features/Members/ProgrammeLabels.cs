using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

/// <summary>Tier names and colours of the programme in force, for badges and filters.</summary>
public sealed class ProgrammeLabels(ProgrammeStore programmes)
{
    public async Task<IReadOnlyList<Tier>> TiersAsync(CancellationToken ct = default) =>
        TierEngine.Ordered((await programmes.GetCurrentAsync(ct)).Programme);
}
