using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LoyaltyAdmin.Data.Configurations;

public sealed class MerchantSettingsConfiguration : IEntityTypeConfiguration<MerchantSettings>
{
    public void Configure(EntityTypeBuilder<MerchantSettings> b)
    {
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Name).HasMaxLength(100).IsRequired();
        b.Property(s => s.Currency).HasMaxLength(3).IsRequired();
        b.Property(s => s.TimeZoneId).HasMaxLength(64).IsRequired();
        b.Property(s => s.Language).HasMaxLength(8).IsRequired().HasDefaultValue("en");
    }
}
