using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ProgrammeGaps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RefereeFirstOrderRewarded",
                table: "Referrals",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "RefereeStage",
                table: "ReferralCampaigns",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Registration");

            migrationBuilder.AddColumn<bool>(
                name: "RecalculationPending",
                table: "ProgrammeVersions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "StoreManagersMaySetTier",
                table: "MerchantSettings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "TierOverrideBy",
                table: "Members",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TierOverrideCode",
                table: "Members",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TierOverrideReason",
                table: "Members",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "TierOverrideUntil",
                table: "Members",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CouponPackId",
                table: "CatalogueItems",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "TierRecalculations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VersionId = table.Column<long>(type: "bigint", nullable: false),
                    VersionNumber = table.Column<int>(type: "integer", nullable: false),
                    BaselineVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Processed = table.Column<int>(type: "integer", nullable: false),
                    MovedUp = table.Column<int>(type: "integer", nullable: false),
                    MovedDown = table.Column<int>(type: "integer", nullable: false),
                    LastMemberId = table.Column<long>(type: "bigint", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    RequestedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TierRecalculations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TierRecalculations_ProgrammeVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ProgrammeVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Members_TierOverrideUntil",
                table: "Members",
                column: "TierOverrideUntil",
                filter: "\"TierOverrideUntil\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueItems_CouponPackId",
                table: "CatalogueItems",
                column: "CouponPackId");

            migrationBuilder.CreateIndex(
                name: "IX_TierRecalculations_Status",
                table: "TierRecalculations",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_TierRecalculations_VersionId",
                table: "TierRecalculations",
                column: "VersionId");

            migrationBuilder.AddForeignKey(
                name: "FK_CatalogueItems_CouponPacks_CouponPackId",
                table: "CatalogueItems",
                column: "CouponPackId",
                principalTable: "CouponPacks",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CatalogueItems_CouponPacks_CouponPackId",
                table: "CatalogueItems");

            migrationBuilder.DropTable(
                name: "TierRecalculations");

            migrationBuilder.DropIndex(
                name: "IX_Members_TierOverrideUntil",
                table: "Members");

            migrationBuilder.DropIndex(
                name: "IX_CatalogueItems_CouponPackId",
                table: "CatalogueItems");

            migrationBuilder.DropColumn(
                name: "RefereeFirstOrderRewarded",
                table: "Referrals");

            migrationBuilder.DropColumn(
                name: "RefereeStage",
                table: "ReferralCampaigns");

            migrationBuilder.DropColumn(
                name: "RecalculationPending",
                table: "ProgrammeVersions");

            migrationBuilder.DropColumn(
                name: "StoreManagersMaySetTier",
                table: "MerchantSettings");

            migrationBuilder.DropColumn(
                name: "TierOverrideBy",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TierOverrideCode",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TierOverrideReason",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "TierOverrideUntil",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "CouponPackId",
                table: "CatalogueItems");
        }
    }
}
