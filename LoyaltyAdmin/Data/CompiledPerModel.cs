using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace LoyaltyAdmin.Data;

/// <summary>
/// A compiled query (<c>EF.CompileAsyncQuery</c>) for each model it meets: a compiled query refuses a context whose model
/// is not the one it was first run with, and each provider's context, or a host with other options, has its own.
/// </summary>
public sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> byModel = [];

    public TQuery For(LoyaltyDbContext db) => byModel.GetValue(db.Model, _ => compile());
}
