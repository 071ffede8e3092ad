using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class MemberCentre : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReasonArgument",
                table: "TierHistory",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonCode",
                table: "TierHistory",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExplanationData",
                table: "PointsEntries",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_MemberId_Status_ValidUntilUtc",
                table: "Coupons",
                columns: new[] { "MemberId", "Status", "ValidUntilUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Coupons_MemberId_Status_ValidUntilUtc",
                table: "Coupons");

            migrationBuilder.DropColumn(
                name: "ReasonArgument",
                table: "TierHistory");

            migrationBuilder.DropColumn(
                name: "ReasonCode",
                table: "TierHistory");

            migrationBuilder.DropColumn(
                name: "ExplanationData",
                table: "PointsEntries");
        }
    }
}
