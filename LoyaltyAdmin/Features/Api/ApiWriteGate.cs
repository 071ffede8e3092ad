using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// On SQLite, lets one API write at a time begin its transaction. SQLite has a single writer anyway; without the gate
/// concurrent requests collide on the write lock and Microsoft.Data.Sqlite retries a busy statement only after sleeping,
/// which turns 64 concurrent clients into a queue of sleepers (measured: ~130 events/s, p50 350 ms). SQL Server writers
/// lock per row and need no gate. SQLite is a single-instance deployment, so an in-process gate is enough. Activity
/// events do not come here: the ledger queues them for its group commit (<see cref="SqliteWriteQueue"/>).
/// </summary>
public sealed class ApiWriteGate(IConfiguration configuration)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly bool enabled = DatabaseProviders.Parse(configuration["Database:Provider"]) == DatabaseProvider.Sqlite;

    public async Task<T> RunAsync<T>(Func<Task<T>> write, CancellationToken ct)
    {
        if (!enabled)
            return await write();
        await gate.WaitAsync(ct);
        try
        {
            return await write();
        }
        finally
        {
            gate.Release();
        }
    }
}
