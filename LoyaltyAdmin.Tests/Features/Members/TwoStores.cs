using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Settings;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>
/// What the data × store tests start from: stores S001 and S002, a member of each (S001's Local 139****1700, S002's
/// Visitor 139****2800) and a StoreManager of each.
/// </summary>
public sealed record TwoStores(int S1, int S2, long Local, long Visitor)
{
    public const string LocalPhone = "13900001700";
    public const string VisitorPhone = "13900002800";

    public static StaffActor ManagerS1 { get; } = MembersFixture.Manager;
    public static StaffActor ManagerS2 { get; } = MembersFixture.ManagerOf(2, "manager-2", "manager2@shop.test");

    public static async Task<TwoStores> SeedAsync(MembersFixture f)
    {
        var s1 = await f.ManagerStoreAsync();
        await using (var db = f.NewContext())
        {
            db.Stores.Add(new Store { Id = 2, Code = "S002", Name = "Store S002", CreatedAtUtc = f.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        var local = await f.AddMemberAsync(LocalPhone, homeStoreId: s1);
        var visitor = await f.AddMemberAsync(VisitorPhone, homeStoreId: 2);
        return new TwoStores(s1, 2, local, visitor);
    }
}
