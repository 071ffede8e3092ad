using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Notices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MemberNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    MemberId = table.Column<long>(type: "bigint", nullable: false),
                    Type = table.Column<string>(type: "nvarchar(48)", maxLength: 48, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(120)", maxLength: 120, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(24)", maxLength: 24, nullable: false),
                    Language = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    Data = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    OutboxSequence = table.Column<long>(type: "bigint", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "datetime2", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberNotices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NoticeSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    PointsFirstDays = table.Column<int>(type: "int", nullable: false),
                    PointsSecondDays = table.Column<int>(type: "int", nullable: false),
                    TierEndingDays = table.Column<int>(type: "int", nullable: false),
                    CouponDays = table.Column<int>(type: "int", nullable: false),
                    TierClosePercent = table.Column<int>(type: "int", nullable: false),
                    RewardReachable = table.Column<bool>(type: "bit", nullable: false),
                    TypeIntervalDays = table.Column<int>(type: "int", nullable: false),
                    WeeklyLimit = table.Column<int>(type: "int", nullable: false),
                    QuietFrom = table.Column<TimeOnly>(type: "time", nullable: false),
                    QuietUntil = table.Column<TimeOnly>(type: "time", nullable: false),
                    DefaultLanguage = table.Column<string>(type: "nvarchar(8)", maxLength: 8, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "datetime2", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NoticeSettings", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MemberNotices_Day",
                table: "MemberNotices",
                column: "Day");

            migrationBuilder.CreateIndex(
                name: "IX_MemberNotices_MemberId_Type_Subject_Day",
                table: "MemberNotices",
                columns: new[] { "MemberId", "Type", "Subject", "Day" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberNotices_Status_DueAtUtc",
                table: "MemberNotices",
                columns: new[] { "Status", "DueAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MemberNotices");

            migrationBuilder.DropTable(
                name: "NoticeSettings");
        }
    }
}
