using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AdjustmentBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    RowCount = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UndoneAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdjustmentBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditLog",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditLog", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CouponPacks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TierCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponPacks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CouponTemplates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Percent = table.Column<int>(type: "INTEGER", nullable: true),
                    MaxDiscount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    ItemName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    MinimumSpend = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Stock = table.Column<int>(type: "INTEGER", nullable: true),
                    Issued = table.Column<int>(type: "INTEGER", nullable: false),
                    PerMemberLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponTemplates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "JobLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastCompletedDay = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "MemberMonths",
                columns: table => new
                {
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    JoinMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Purchases = table.Column<int>(type: "INTEGER", nullable: false),
                    SpendCents = table.Column<long>(type: "INTEGER", nullable: false),
                    Channels = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstPurchaseAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    TierCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberMonths", x => new { x.Month, x.MemberId });
                });

            migrationBuilder.CreateTable(
                name: "MerchantSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MerchantSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MonthlyActivity",
                columns: table => new
                {
                    JoinMonth = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    TierCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    Shard = table.Column<int>(type: "INTEGER", nullable: false),
                    Buyers = table.Column<long>(type: "INTEGER", nullable: false),
                    Repeat = table.Column<long>(type: "INTEGER", nullable: false),
                    Returned = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyActivity", x => new { x.JoinMonth, x.Month, x.StoreId, x.TierCode, x.Channel, x.Shard });
                });

            migrationBuilder.CreateTable(
                name: "MonthlyTotals",
                columns: table => new
                {
                    Month = table.Column<int>(type: "INTEGER", nullable: false),
                    Measure = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Shard = table.Column<int>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MonthlyTotals", x => new { x.Month, x.Measure, x.Key, x.StoreId, x.Shard });
                });

            migrationBuilder.CreateTable(
                name: "PointsPaymentPolicies",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    PointsPerUnit = table.Column<int>(type: "INTEGER", nullable: false),
                    MinimumPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    MaxSharePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointsPaymentPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ProgrammeVersions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProgrammeVersions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Stores",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    TimeZoneId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Stores", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ReferralCampaigns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    RefereePoints = table.Column<long>(type: "INTEGER", nullable: false),
                    RefereePackId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReferrerPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferrerPackId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReferrerStage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MilestoneCount = table.Column<int>(type: "INTEGER", nullable: true),
                    MilestonePoints = table.Column<long>(type: "INTEGER", nullable: false),
                    MilestonePackId = table.Column<long>(type: "INTEGER", nullable: true),
                    CapPerReferrer = table.Column<int>(type: "INTEGER", nullable: true),
                    LinkUses = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralCampaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferralCampaigns_CouponPacks_MilestonePackId",
                        column: x => x.MilestonePackId,
                        principalTable: "CouponPacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReferralCampaigns_CouponPacks_RefereePackId",
                        column: x => x.RefereePackId,
                        principalTable: "CouponPacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ReferralCampaigns_CouponPacks_ReferrerPackId",
                        column: x => x.ReferrerPackId,
                        principalTable: "CouponPacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Cash = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Stock = table.Column<int>(type: "INTEGER", nullable: true),
                    Redeemed = table.Column<int>(type: "INTEGER", nullable: false),
                    PerMemberLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    AvailableFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AvailableUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CouponTemplateId = table.Column<long>(type: "INTEGER", nullable: true),
                    MemberDay = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MemberDayWeekday = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    MemberDayOfMonth = table.Column<int>(type: "INTEGER", nullable: true),
                    MemberDayDiscountPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CatalogueItems_CouponTemplates_CouponTemplateId",
                        column: x => x.CouponTemplateId,
                        principalTable: "CouponTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CouponPackItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PackId = table.Column<long>(type: "INTEGER", nullable: false),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CouponPackItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CouponPackItems_CouponPacks_PackId",
                        column: x => x.PackId,
                        principalTable: "CouponPacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CouponPackItems_CouponTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "CouponTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    MayChangeProgramme = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastUsedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiKeys_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ApiRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BodyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiRequests_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: true),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Culture = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    DarkMode = table.Column<bool>(type: "INTEGER", nullable: false),
                    MustChangePassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUsers_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Members",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Birthday = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    JoinedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    JoinChannel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    HomeStoreId = table.Column<int>(type: "INTEGER", nullable: true),
                    ReferralCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReferredByMemberId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TierCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TierSince = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TierValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PointsBalance = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    GrowthValue = table.Column<long>(type: "INTEGER", nullable: false),
                    LifetimeSpend = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    ActiveDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LastActiveDay = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SuccessfulReferrals = table.Column<int>(type: "INTEGER", nullable: false),
                    StreakLastDay = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StreakLength = table.Column<int>(type: "INTEGER", nullable: false),
                    LastActivityUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Members", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Members_Members_ReferredByMemberId",
                        column: x => x.ReferredByMemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Members_Stores_HomeStoreId",
                        column: x => x.HomeStoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AdjustmentRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DecidedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DecidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecisionNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AdjustmentRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AdjustmentRequests_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueRedemptions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<long>(type: "INTEGER", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ItemName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RegularPoints = table.Column<long>(type: "INTEGER", nullable: false),
                    PointsPaid = table.Column<long>(type: "INTEGER", nullable: false),
                    Cash = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    DiscountPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StoreId = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OperatorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CouponCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RedeemedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HandedOverAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HandedOverByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueRedemptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CatalogueRedemptions_CatalogueItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "CatalogueItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CatalogueRedemptions_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CatalogueRedemptions_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    PackId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IssuedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidFromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntilUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RedeemedStoreId = table.Column<int>(type: "INTEGER", nullable: true),
                    RedeemedChannel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RedeemedOrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RedeemedOrderAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    RedeemedDiscount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    RedeemedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    RedeemedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    RedeemedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RedeemRequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    VoidReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VoidedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    VoidedByName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    VoidedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Coupons_CouponPacks_PackId",
                        column: x => x.PackId,
                        principalTable: "CouponPacks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Coupons_CouponTemplates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "CouponTemplates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Coupons_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Coupons_Stores_RedeemedStoreId",
                        column: x => x.RedeemedStoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GrowthEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Growth = table.Column<long>(type: "INTEGER", nullable: false),
                    GrowthAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GrowthEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GrowthEntries_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MemberOnceKeys",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberOnceKeys", x => new { x.MemberId, x.RuleId, x.Key });
                    table.ForeignKey(
                        name: "FK_MemberOnceKeys_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MemberOrders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RefundedAmount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Growth = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PendingUntil = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberOrders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberOrders_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MemberRuleCounters",
                columns: table => new
                {
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastAwardDay = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PointsThatDay = table.Column<long>(type: "INTEGER", nullable: false),
                    PointsThatMonth = table.Column<long>(type: "INTEGER", nullable: false),
                    PointsLifetime = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberRuleCounters", x => new { x.MemberId, x.RuleId });
                    table.ForeignKey(
                        name: "FK_MemberRuleCounters_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointsEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OperatorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReversesEntryId = table.Column<long>(type: "INTEGER", nullable: true),
                    Shortfall = table.Column<long>(type: "INTEGER", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointsEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointsEntries_AdjustmentBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "AdjustmentBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointsEntries_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Growth = table.Column<long>(type: "INTEGER", nullable: false),
                    BalanceAfter = table.Column<long>(type: "INTEGER", nullable: false),
                    TierAfter = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: true),
                    ProcessedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProcessedEvents_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Referrals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CampaignId = table.Column<long>(type: "INTEGER", nullable: true),
                    ReferrerId = table.Column<long>(type: "INTEGER", nullable: false),
                    RefereeId = table.Column<long>(type: "INTEGER", nullable: false),
                    RefereePhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RegisteredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FirstOrderAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FirstOrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RejectedReason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RefereeRewarded = table.Column<bool>(type: "INTEGER", nullable: false),
                    QualifiedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    MilestoneRewarded = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Referrals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Referrals_Members_RefereeId",
                        column: x => x.RefereeId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_Members_ReferrerId",
                        column: x => x.ReferrerId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Referrals_ReferralCampaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "ReferralCampaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "TierHistory",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    FromTier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ToTier = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Change = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TierHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TierHistory_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PointLots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Points = table.Column<long>(type: "INTEGER", nullable: false),
                    Remaining = table.Column<long>(type: "INTEGER", nullable: false),
                    EarnedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AvailableFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    IsPending = table.Column<bool>(type: "INTEGER", nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointLots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PointLots_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PointLots_PointsEntries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "PointsEntries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ReferralRewardTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReferralId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReferrerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DoneAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReferralRewardTasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReferralRewardTasks_Referrals_ReferralId",
                        column: x => x.ReferralId,
                        principalTable: "Referrals",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AdjustmentBatches_CreatedAtUtc",
                table: "AdjustmentBatches",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AdjustmentRequests_MemberId",
                table: "AdjustmentRequests",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_AdjustmentRequests_Status_RequestedAtUtc",
                table: "AdjustmentRequests",
                columns: new[] { "Status", "RequestedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_Hash",
                table: "ApiKeys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_StoreId",
                table: "ApiKeys",
                column: "StoreId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiRequests_StoreId_Kind_RequestId",
                table: "ApiRequests",
                columns: new[] { "StoreId", "Kind", "RequestId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_StoreId",
                table: "AspNetUsers",
                column: "StoreId");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_AtUtc",
                table: "AuditLog",
                column: "AtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_AuditLog_EntityType_EntityId",
                table: "AuditLog",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueItems_Code",
                table: "CatalogueItems",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueItems_CouponTemplateId",
                table: "CatalogueItems",
                column: "CouponTemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueRedemptions_ItemId",
                table: "CatalogueRedemptions",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueRedemptions_MemberId_ItemId",
                table: "CatalogueRedemptions",
                columns: new[] { "MemberId", "ItemId" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueRedemptions_RequestId",
                table: "CatalogueRedemptions",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueRedemptions_StoreId",
                table: "CatalogueRedemptions",
                column: "StoreId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponPackItems_PackId",
                table: "CouponPackItems",
                column: "PackId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponPackItems_TemplateId",
                table: "CouponPackItems",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_CouponPacks_Trigger_IsActive",
                table: "CouponPacks",
                columns: new[] { "Trigger", "IsActive" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Code",
                table: "Coupons",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_MemberId_Source_Reference",
                table: "Coupons",
                columns: new[] { "MemberId", "Source", "Reference" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_MemberId_TemplateId",
                table: "Coupons",
                columns: new[] { "MemberId", "TemplateId" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_PackId",
                table: "Coupons",
                column: "PackId");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_RedeemedStoreId",
                table: "Coupons",
                column: "RedeemedStoreId");

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Status_ValidUntilUtc",
                table: "Coupons",
                columns: new[] { "Status", "ValidUntilUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_TemplateId",
                table: "Coupons",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_GrowthEntries_MemberId_Id",
                table: "GrowthEntries",
                columns: new[] { "MemberId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberOrders_MemberId_OccurredAtUtc",
                table: "MemberOrders",
                columns: new[] { "MemberId", "OccurredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_MemberOrders_MemberId_OrderId",
                table: "MemberOrders",
                columns: new[] { "MemberId", "OrderId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberOrders_PendingUntil",
                table: "MemberOrders",
                column: "PendingUntil",
                filter: "PendingUntil IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Members_HomeStoreId_JoinedAtUtc",
                table: "Members",
                columns: new[] { "HomeStoreId", "JoinedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_JoinedAtUtc",
                table: "Members",
                column: "JoinedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Members_LastActivityUtc",
                table: "Members",
                column: "LastActivityUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Name",
                table: "Members",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Phone",
                table: "Members",
                column: "Phone",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_ReferralCode",
                table: "Members",
                column: "ReferralCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Members_ReferredByMemberId",
                table: "Members",
                column: "ReferredByMemberId");

            migrationBuilder.CreateIndex(
                name: "IX_Members_TierCode_JoinedAtUtc",
                table: "Members",
                columns: new[] { "TierCode", "JoinedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Members_TierValidUntil",
                table: "Members",
                column: "TierValidUntil");

            migrationBuilder.CreateIndex(
                name: "IX_PointLots_EntryId",
                table: "PointLots",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_PointLots_ExpiresOn",
                table: "PointLots",
                column: "ExpiresOn",
                filter: "Remaining > 0");

            migrationBuilder.CreateIndex(
                name: "IX_PointLots_MemberId_EarnedOn",
                table: "PointLots",
                columns: new[] { "MemberId", "EarnedOn" },
                filter: "Remaining > 0");

            migrationBuilder.CreateIndex(
                name: "IX_PointLots_MemberId_OrderId",
                table: "PointLots",
                columns: new[] { "MemberId", "OrderId" },
                filter: "OrderId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_BatchId",
                table: "PointsEntries",
                column: "BatchId",
                filter: "BatchId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_MemberId_Id",
                table: "PointsEntries",
                columns: new[] { "MemberId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_ReversesEntryId",
                table: "PointsEntries",
                column: "ReversesEntryId",
                filter: "ReversesEntryId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedEvents_EventId",
                table: "ProcessedEvents",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProcessedEvents_MemberId",
                table: "ProcessedEvents",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_ProgrammeVersions_ValidFromUtc",
                table: "ProgrammeVersions",
                column: "ValidFromUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralCampaigns_Active_StartDate",
                table: "ReferralCampaigns",
                columns: new[] { "Active", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_ReferralCampaigns_MilestonePackId",
                table: "ReferralCampaigns",
                column: "MilestonePackId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralCampaigns_RefereePackId",
                table: "ReferralCampaigns",
                column: "RefereePackId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralCampaigns_ReferrerPackId",
                table: "ReferralCampaigns",
                column: "ReferrerPackId");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralRewardTasks_DoneAtUtc",
                table: "ReferralRewardTasks",
                column: "DoneAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_ReferralRewardTasks_Key",
                table: "ReferralRewardTasks",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReferralRewardTasks_ReferralId",
                table: "ReferralRewardTasks",
                column: "ReferralId");

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_CampaignId_Status",
                table: "Referrals",
                columns: new[] { "CampaignId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_RefereeId",
                table: "Referrals",
                column: "RefereeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_RefereePhone",
                table: "Referrals",
                column: "RefereePhone",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Referrals_ReferrerId_CampaignId_Status",
                table: "Referrals",
                columns: new[] { "ReferrerId", "CampaignId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Stores_Code",
                table: "Stores",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TierHistory_MemberId_Id",
                table: "TierHistory",
                columns: new[] { "MemberId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AdjustmentRequests");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "ApiRequests");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditLog");

            migrationBuilder.DropTable(
                name: "CatalogueRedemptions");

            migrationBuilder.DropTable(
                name: "CouponPackItems");

            migrationBuilder.DropTable(
                name: "Coupons");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "GrowthEntries");

            migrationBuilder.DropTable(
                name: "JobLeases");

            migrationBuilder.DropTable(
                name: "MemberMonths");

            migrationBuilder.DropTable(
                name: "MemberOnceKeys");

            migrationBuilder.DropTable(
                name: "MemberOrders");

            migrationBuilder.DropTable(
                name: "MemberRuleCounters");

            migrationBuilder.DropTable(
                name: "MerchantSettings");

            migrationBuilder.DropTable(
                name: "MonthlyActivity");

            migrationBuilder.DropTable(
                name: "MonthlyTotals");

            migrationBuilder.DropTable(
                name: "PointLots");

            migrationBuilder.DropTable(
                name: "PointsPaymentPolicies");

            migrationBuilder.DropTable(
                name: "ProcessedEvents");

            migrationBuilder.DropTable(
                name: "ProgrammeVersions");

            migrationBuilder.DropTable(
                name: "ReferralRewardTasks");

            migrationBuilder.DropTable(
                name: "TierHistory");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "CatalogueItems");

            migrationBuilder.DropTable(
                name: "PointsEntries");

            migrationBuilder.DropTable(
                name: "Referrals");

            migrationBuilder.DropTable(
                name: "CouponTemplates");

            migrationBuilder.DropTable(
                name: "AdjustmentBatches");

            migrationBuilder.DropTable(
                name: "Members");

            migrationBuilder.DropTable(
                name: "ReferralCampaigns");

            migrationBuilder.DropTable(
                name: "Stores");

            migrationBuilder.DropTable(
                name: "CouponPacks");
        }
    }
}
