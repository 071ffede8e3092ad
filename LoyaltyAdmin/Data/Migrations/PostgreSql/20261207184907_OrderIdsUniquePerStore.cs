using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace LoyaltyAdmin.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class OrderIdsUniquePerStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "StoreId",
                table: "MemberOrders",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_MemberOrders_StoreId_OrderId",
                table: "MemberOrders",
                columns: new[] { "StoreId", "OrderId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_MemberOrders_Stores_StoreId",
                table: "MemberOrders",
                column: "StoreId",
                principalTable: "Stores",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_MemberOrders_Stores_StoreId",
                table: "MemberOrders");

            migrationBuilder.DropIndex(
                name: "IX_MemberOrders_StoreId_OrderId",
                table: "MemberOrders");

            migrationBuilder.DropColumn(
                name: "StoreId",
                table: "MemberOrders");
        }
    }
}
