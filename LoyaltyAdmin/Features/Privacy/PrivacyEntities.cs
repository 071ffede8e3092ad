namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// The salted hash of an erased member's phone (<see cref="PhoneHasher"/>): the number itself is gone, but a new sign-up
/// with it is still known as a returning number, so it earns no referral reward.
/// </summary>
public sealed class ErasedPhone
{
    public long Id { get; set; }
    public string Hash { get; set; } = "";
    public long MemberId { get; set; }
    public DateTime ErasedAtUtc { get; set; }
}

/// <summary>A secret made once per installation and kept in its database (the phone-hash salt when none is configured).</summary>
public sealed class InstallSecret
{
    public string Name { get; set; } = "";
    public string Value { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
