using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StayTestOrders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "source_tube_id",
                table: "retest_orders",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<long>(
                name: "round_id",
                table: "retest_orders",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<DateTime>(
                name: "cancelled_at",
                table: "retest_orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "day_number",
                table: "retest_orders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "for_day",
                table: "retest_orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "requester",
                table: "retest_orders",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_community_code_for_day",
                table: "retest_orders",
                columns: new[] { "community_code", "for_day" });

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_for_day",
                table: "retest_orders",
                column: "for_day");

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_requester",
                table: "retest_orders",
                column: "requester");

            migrationBuilder.CreateIndex(
                name: "ux_retest_orders_scheduled",
                table: "retest_orders",
                columns: new[] { "requester", "day_number" },
                unique: true,
                filter: "reason = 'stay-test'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_retest_orders_community_code_for_day",
                table: "retest_orders");

            migrationBuilder.DropIndex(
                name: "IX_retest_orders_for_day",
                table: "retest_orders");

            migrationBuilder.DropIndex(
                name: "IX_retest_orders_requester",
                table: "retest_orders");

            migrationBuilder.DropIndex(
                name: "ux_retest_orders_scheduled",
                table: "retest_orders");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "retest_orders");

            migrationBuilder.DropColumn(
                name: "day_number",
                table: "retest_orders");

            migrationBuilder.DropColumn(
                name: "for_day",
                table: "retest_orders");

            migrationBuilder.DropColumn(
                name: "requester",
                table: "retest_orders");

            migrationBuilder.AlterColumn<long>(
                name: "source_tube_id",
                table: "retest_orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<long>(
                name: "round_id",
                table: "retest_orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
