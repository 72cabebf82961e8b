using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inv_inv_cases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "core_facts_at",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "district_code",
                table: "cases",
                type: "TEXT",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "notified_at",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "number",
                table: "cases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "cases",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "positive_at",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "report_submitted_at",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "severity",
                table: "cases",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "cases",
                type: "TEXT",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    from_value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    to_value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    drafted_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    drafted_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_notices", x => x.id);
                });

            // Cases recorded before numbering take their id as their number, in their district (unique until the next one is numbered after the highest).
            migrationBuilder.Sql("UPDATE cases SET number = id, district_code = substr(community_code, 1, 6) || '000000', positive_at = reported_at, updated_at = reported_at");

            migrationBuilder.CreateIndex(
                name: "IX_cases_district_code_number",
                table: "cases",
                columns: new[] { "district_code", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_infector_case_id",
                table: "cases",
                column: "infector_case_id");

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_id",
                table: "case_events",
                columns: new[] { "case_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_trajectory_notices_case_id",
                table: "trajectory_notices",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_trajectory_notices_community_code_drafted_at",
                table: "trajectory_notices",
                columns: new[] { "community_code", "drafted_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "trajectory_notices");

            migrationBuilder.DropIndex(
                name: "IX_cases_district_code_number",
                table: "cases");

            migrationBuilder.DropIndex(
                name: "IX_cases_infector_case_id",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "core_facts_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "district_code",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "notified_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "number",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "positive_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "report_submitted_at",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "severity",
                table: "cases");

            migrationBuilder.DropColumn(
                name: "updated_at",
                table: "cases");
        }
    }
}
