using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class StoreScopeAndAdjustmentLimits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DailyAdjustmentTotal",
                table: "MerchantSettings",
                type: "bigint",
                nullable: false,
                defaultValue: 2000L); // MerchantSettings.DefaultDailyAdjustmentTotal

            migrationBuilder.AddColumn<int>(
                name: "StoreId",
                table: "AuditLog",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Hold",
                table: "AdjustmentRequests",
                type: "nvarchar(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "MemberDayLimit"); // what held a request before the day limits existed

            migrationBuilder.AddColumn<int>(
                name: "RequestedStoreId",
                table: "AdjustmentRequests",
                type: "int",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MemberVisits",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    StoreId = table.Column<int>(type: "int", nullable: false),
                    UserId = table.Column<string>(type: "nvarchar(450)", maxLength: 450, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    OpenedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberVisits", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MemberVisits_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MemberVisits_Stores_StoreId",
                        column: x => x.StoreId,
                        principalTable: "Stores",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PointsEntries_OperatorId_OccurredAtUtc",
                table: "PointsEntries",
                columns: new[] { "OperatorId", "OccurredAtUtc" },
                filter: "OperatorId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_AdjustmentRequests_RequestedStoreId",
                table: "AdjustmentRequests",
                column: "RequestedStoreId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberVisits_MemberId",
                table: "MemberVisits",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberVisits_StoreId",
                table: "MemberVisits",
                column: "StoreId");

            migrationBuilder.CreateIndex(
                name: "IX_MemberVisits_UserId_MemberId_Day",
                table: "MemberVisits",
                columns: new[] { "UserId", "MemberId", "Day" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_AdjustmentRequests_Stores_RequestedStoreId",
                table: "AdjustmentRequests",
                column: "RequestedStoreId",
                principalTable: "Stores",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AdjustmentRequests_Stores_RequestedStoreId",
                table: "AdjustmentRequests");

            migrationBuilder.DropTable(
                name: "MemberVisits");

            migrationBuilder.DropIndex(
                name: "IX_PointsEntries_OperatorId_OccurredAtUtc",
                table: "PointsEntries");

            migrationBuilder.DropIndex(
                name: "IX_AdjustmentRequests_RequestedStoreId",
                table: "AdjustmentRequests");

            migrationBuilder.DropColumn(
                name: "DailyAdjustmentTotal",
                table: "MerchantSettings");

            migrationBuilder.DropColumn(
                name: "StoreId",
                table: "AuditLog");

            migrationBuilder.DropColumn(
                name: "Hold",
                table: "AdjustmentRequests");

            migrationBuilder.DropColumn(
                name: "RequestedStoreId",
                table: "AdjustmentRequests");
        }
    }
}
