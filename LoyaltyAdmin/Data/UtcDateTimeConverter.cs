using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LoyaltyAdmin.Data;

/// <summary>
/// Marks values read from the database as UTC and refuses to store local times silently. An unspecified
/// kind is taken as UTC: PostgreSQL's timestamp with time zone accepts nothing else.
/// </summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
