using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LoyaltyAdmin.Data;

/// <summary>Marks values read from the database as UTC and refuses to store local times silently.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
