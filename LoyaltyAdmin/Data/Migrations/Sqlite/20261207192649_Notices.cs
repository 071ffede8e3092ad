using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.Sqlite
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MemberId = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 48, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DueAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    OutboxSequence = table.Column<long>(type: "INTEGER", nullable: true),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MemberNotices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NoticeSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    PointsFirstDays = table.Column<int>(type: "INTEGER", nullable: false),
                    PointsSecondDays = table.Column<int>(type: "INTEGER", nullable: false),
                    TierEndingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CouponDays = table.Column<int>(type: "INTEGER", nullable: false),
                    TierClosePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    RewardReachable = table.Column<bool>(type: "INTEGER", nullable: false),
                    TypeIntervalDays = table.Column<int>(type: "INTEGER", nullable: false),
                    WeeklyLimit = table.Column<int>(type: "INTEGER", nullable: false),
                    QuietFrom = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    QuietUntil = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    DefaultLanguage = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    UpdatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
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
