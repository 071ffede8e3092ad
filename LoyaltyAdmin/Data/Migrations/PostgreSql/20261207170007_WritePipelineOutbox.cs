using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class WritePipelineOutbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiRequests");

            migrationBuilder.AddColumn<DateTime>(
                name: "RecordedAtUtc",
                table: "TierHistory",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<string>(
                name: "BodyHash",
                table: "ProcessedEvents",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RecordedAtUtc",
                table: "Coupons",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // Rows written before business and recorded time were told apart were recorded when they happened.
            migrationBuilder.Sql("UPDATE \"TierHistory\" SET \"RecordedAtUtc\" = \"OccurredAtUtc\"; UPDATE \"Coupons\" SET \"RecordedAtUtc\" = \"IssuedAtUtc\";");

            // The one idempotency store keeps a request's body hash in its own column; the previous version kept it in the stored result.
            migrationBuilder.Sql("UPDATE \"ProcessedEvents\" SET \"BodyHash\" = (\"ResultJson\"::jsonb ->> 'RequestHash') WHERE \"ResultJson\" LIKE '%\"RequestHash\":\"%';");

            migrationBuilder.CreateTable(
                name: "OutboxEvents",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MemberId = table.Column<long>(type: "bigint", nullable: true),
                    Type = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    OccurredAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxEvents", x => x.Sequence);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxEvents_MemberId_Sequence",
                table: "OutboxEvents",
                columns: new[] { "MemberId", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutboxEvents");

            migrationBuilder.DropColumn(
                name: "RecordedAtUtc",
                table: "TierHistory");

            migrationBuilder.DropColumn(
                name: "BodyHash",
                table: "ProcessedEvents");

            migrationBuilder.DropColumn(
                name: "RecordedAtUtc",
                table: "Coupons");

            migrationBuilder.CreateTable(
                name: "ApiRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    BodyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReceivedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RequestId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StoreId = table.Column<int>(type: "integer", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "IX_ApiRequests_StoreId_Kind_RequestId",
                table: "ApiRequests",
                columns: new[] { "StoreId", "Kind", "RequestId" },
                unique: true);
        }
    }
}
