using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Inspections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inspection_finding_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    finding_id = table.Column<long>(type: "INTEGER", nullable: false),
                    inspection_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @fixed = table.Column<bool>(name: "fixed", type: "INTEGER", nullable: false),
                    new_fix_by = table.Column<DateTime>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_finding_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    inspection_id = table.Column<long>(type: "INTEGER", nullable: false),
                    place_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    fix_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    fixed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    fixed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    fixed_inspection_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_findings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    place_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    place_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    place_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    template = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    template_version = table.Column<int>(type: "INTEGER", nullable: false),
                    answers_json = table.Column<string>(type: "TEXT", nullable: false),
                    inspected_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    inspected_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    request_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    open_findings = table.Column<int>(type: "INTEGER", nullable: false),
                    findings = table.Column<int>(type: "INTEGER", nullable: false),
                    rechecked = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_inspection_finding_checks_finding_id",
                table: "inspection_finding_checks",
                column: "finding_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_finding_checks_inspection_id",
                table: "inspection_finding_checks",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_findings_inspection_id",
                table: "inspection_findings",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_findings_place_id_status",
                table: "inspection_findings",
                columns: new[] { "place_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_jurisdiction_code_inspected_at",
                table: "inspections",
                columns: new[] { "jurisdiction_code", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_place_id_inspected_at",
                table: "inspections",
                columns: new[] { "place_id", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_place_kind_jurisdiction_code_inspected_at",
                table: "inspections",
                columns: new[] { "place_kind", "jurisdiction_code", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_request_id",
                table: "inspections",
                column: "request_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inspection_finding_checks");

            migrationBuilder.DropTable(
                name: "inspection_findings");

            migrationBuilder.DropTable(
                name: "inspections");
        }
    }
}
