using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Data;

/// <summary>
/// A context's added and changed rows written as SaveChanges writes them on SQLite (the same columns, the same value
/// conversions through the properties' type mappings, the concurrency tokens in the update's WHERE, ids read back),
/// but planned before the one writer and run in it on commands its group prepares once: for a purchase's six rows,
/// SaveChanges spent most of the writer's time building, sorting and parsing its statements. Only inserts and updates
/// of an entity type's own table are planned; anything else (a delete, a hierarchy, a value the database makes besides
/// an id) gets no plan and is left to SaveChanges.
/// </summary>
public sealed class SqliteRowSave
{
    private static readonly ConditionalWeakTable<IEntityType, Shape?> Shapes = [];
    private static readonly string[] Names = [.. Enumerable.Range(0, 256).Select(i => "@p" + i)];

    private readonly List<Step> steps;

    private SqliteRowSave(List<Step> steps) => this.steps = steps;

    /// <summary>The statements that save <paramref name="changed"/> (the context's entries not unchanged, changes detected), or null.</summary>
    public static SqliteRowSave? Plan(DbContext db, IReadOnlyCollection<EntityEntry> changed)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var steps = new List<Step>(changed.Count);
        foreach (var entry in changed)
        {
            if (entry.State == EntityState.Added)
                continue;
            if (entry.State != EntityState.Modified || ShapeOf(entry.Metadata, sql) is not { } shape || UpdateOf(entry, shape) is not { } update)
                return null;
            if (update.Sql.Length > 0)
                steps.Add(update);
        }

        // Inserts after the rows whose new ids they take (a lot after its entry).
        var stepOf = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        var waiting = changed.Where(e => e.State == EntityState.Added).ToList();
        while (waiting.Count > 0)
        {
            var placed = 0;
            for (var i = 0; i < waiting.Count; i++)
            {
                if (ShapeOf(waiting[i].Metadata, sql) is not { } shape)
                    return null;
                switch (InsertOf(waiting[i], shape, stepOf))
                {
                    case null:
                        continue; // a row it refers to is not placed yet
                    case { Sql.Length: 0 }:
                        return null;
                    case var insert:
                        stepOf[waiting[i].Entity] = steps.Count;
                        steps.Add(insert);
                        waiting.RemoveAt(i--);
                        placed++;
                        break;
                }
            }
            if (placed == 0)
                return null;
        }
        return new SqliteRowSave(steps);
    }

    /// <summary>
    /// Runs the statements in the running transaction, on the commands <paramref name="commandFor"/> gives for each
    /// statement's text. A changed concurrency token throws <see cref="DbUpdateConcurrencyException"/>, a broken
    /// constraint <see cref="DbUpdateException"/>, as SaveChanges would; the caller rolls back what ran before. The
    /// context's entries are left as they were (taking them as saved cost the writer more than the statements): the
    /// context is done with once its rows are saved.
    /// </summary>
    public async Task RunAsync(Func<string, DbCommand> commandFor, CancellationToken ct)
    {
        var made = new long[steps.Count];
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var command = commandFor(step.Sql);
            command.Parameters.Clear();
            for (var p = 0; p < step.Values.Length; p++)
            {
                var value = step.IdOf[p] is { } from ? made[from] : step.Values[p];
                command.Parameters.Add(step.Columns[p].GetRelationalTypeMapping().CreateParameter(command, Names[p], value, step.Columns[p].IsNullable));
            }
            try
            {
                if (step.Generated is not null)
                    made[i] = Convert.ToInt64(await command.ExecuteScalarAsync(ct));
                else if (await command.ExecuteNonQueryAsync(ct) != 1)
                    throw new DbUpdateConcurrencyException($"The {step.Entry.Metadata.DisplayName()} row changed or went since it was read.");
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19) // SQLITE_CONSTRAINT
            {
                throw new DbUpdateException($"Saving a {step.Entry.Metadata.DisplayName()} row broke a constraint.", ex, [step.Entry]);
            }
        }
    }

    private static Step? UpdateOf(EntityEntry entry, Shape shape)
    {
        var set = new List<IProperty>();
        var mask = 0UL;
        foreach (var property in shape.Columns)
        {
            if (!entry.Property(property).IsModified)
                continue;
            if (property.IsKey() || property.GetIndex() >= 64)
                return null;
            set.Add(property);
            mask |= 1UL << property.GetIndex();
        }
        if (set.Count == 0)
            return new Step(entry, "", [], [], [], null); // nothing to write, as SaveChanges would
        var columns = set.Concat(shape.Key).Concat(shape.Tokens).ToArray();
        var values = new object?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
            values[i] = i < set.Count ? entry.Property(columns[i]).CurrentValue : entry.Property(columns[i]).OriginalValue;
        if (values.Skip(set.Count).Any(v => v is null))
            return null; // "= NULL" matches nothing; SaveChanges writes IS NULL
        return new Step(entry, shape.UpdateSql(mask, set), columns, values, new int?[columns.Length], null);
    }

    /// <summary>Null while a row it refers to waits to be placed; a step with no text when it cannot be planned.</summary>
    private static Step? InsertOf(EntityEntry entry, Shape shape, Dictionary<object, int> stepOf)
    {
        var generated = shape.GeneratedKey is { } key && entry.Property(key).IsTemporary ? key : null;
        var columns = generated is null ? shape.Columns : shape.ColumnsButGenerated;
        var values = new object?[columns.Length];
        var idOf = new int?[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var property = entry.Property(columns[i]);
            values[i] = property.CurrentValue;
            if (!property.IsTemporary)
                continue;
            // A reference to a row added in the same save: its id is known only once that row is inserted.
            var principal = columns[i].GetContainingForeignKeys()
                .Select(fk => fk.DependentToPrincipal is { } nav ? entry.Reference(nav.Name).TargetEntry : null)
                .FirstOrDefault(p => p is not null);
            if (principal is null || principal.State != EntityState.Added)
                return Unplannable;
            if (!stepOf.TryGetValue(principal.Entity, out var from))
                return null;
            idOf[i] = from;
        }
        return new Step(entry, generated is null ? shape.InsertSql : shape.InsertReturningSql, columns, values, idOf, generated);
    }

    private static readonly Step Unplannable = new(null!, "", [], [], [], null);

    private static Shape? ShapeOf(IEntityType type, ISqlGenerationHelper sql) => Shapes.GetValue(type, t => Shape.Of(t, sql));

    private sealed record Step(EntityEntry Entry, string Sql, IProperty[] Columns, object?[] Values, int?[] IdOf, IProperty? Generated);

    /// <summary>An entity type's table, columns and statements, worked out once per model.</summary>
    private sealed class Shape
    {
        private readonly Dictionary<ulong, string> updates = [];
        private readonly ISqlGenerationHelper sql;
        private readonly string table;
        private readonly Dictionary<IProperty, string> columnNames;

        private Shape(ISqlGenerationHelper sql, string table, Dictionary<IProperty, string> columnNames, IProperty[] key, IProperty[] tokens, IProperty? generatedKey)
        {
            this.sql = sql;
            this.table = table;
            this.columnNames = columnNames;
            Columns = [.. columnNames.Keys];
            Key = key;
            Tokens = tokens;
            GeneratedKey = generatedKey;
            ColumnsButGenerated = [.. Columns.Where(c => c != generatedKey)];
            InsertSql = Insert(Columns, returning: null);
            InsertReturningSql = generatedKey is null ? InsertSql : Insert(ColumnsButGenerated, generatedKey);
        }

        public IProperty[] Columns { get; }
        public IProperty[] ColumnsButGenerated { get; }
        public IProperty[] Key { get; }
        public IProperty[] Tokens { get; }
        public IProperty? GeneratedKey { get; }
        public string InsertSql { get; }
        public string InsertReturningSql { get; }

        public static Shape? Of(IEntityType type, ISqlGenerationHelper sql)
        {
            if (type.BaseType is not null || type.GetDirectlyDerivedTypes().Any() || type.IsOwned() || type.GetComplexProperties().Any()
                || type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()) || type.GetTableName() is not { } tableName)
                return null;
            var store = StoreObjectIdentifier.Table(tableName, type.GetSchema());
            if (type.GetProperties().Count() > Names.Length)
                return null;
            var columns = new Dictionary<IProperty, string>();
            foreach (var property in type.GetProperties())
            {
                if (property.GetColumnName(store) is not { } column)
                    return null;
                columns[property] = column;
            }
            var key = type.FindPrimaryKey()!.Properties;
            var generated = key is [{ ValueGenerated: ValueGenerated.OnAdd } only] ? only : null;
            if (columns.Keys.Any(p => p.ValueGenerated != ValueGenerated.Never && p != generated))
                return null; // a value the database makes: SaveChanges knows when to read it back
            var table = sql.DelimitIdentifier(tableName, type.GetSchema());
            return new Shape(sql, table, columns, [.. key], [.. columns.Keys.Where(p => p.IsConcurrencyToken)], generated);
        }

        public string UpdateSql(ulong mask, List<IProperty> set)
        {
            lock (updates)
            {
                if (updates.TryGetValue(mask, out var text))
                    return text;
                var where = Key.Concat(Tokens).ToList();
                var builder = new StringBuilder("UPDATE ").Append(table).Append(" SET ");
                builder.AppendJoin(", ", set.Select((p, i) => $"{sql.DelimitIdentifier(columnNames[p])} = {Names[i]}"));
                builder.Append(" WHERE ").AppendJoin(" AND ", where.Select((p, i) => $"{sql.DelimitIdentifier(columnNames[p])} = {Names[set.Count + i]}"));
                return updates[mask] = builder.Append(';').ToString();
            }
        }

        private string Insert(IProperty[] columns, IProperty? returning)
        {
            var builder = new StringBuilder("INSERT INTO ").Append(table).Append(" (")
                .AppendJoin(", ", columns.Select(c => sql.DelimitIdentifier(columnNames[c])))
                .Append(") VALUES (").AppendJoin(", ", columns.Select((_, i) => Names[i])).Append(')');
            if (returning is not null)
                builder.Append(" RETURNING ").Append(sql.DelimitIdentifier(columnNames[returning]));
            return builder.Append(';').ToString();
        }
    }
}
