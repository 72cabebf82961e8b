using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContStays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "transfer_id",
                table: "stays",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "intake_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intake_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stay_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stay_notes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_stays_transfer_id_person_id",
                table: "stays",
                columns: new[] { "transfer_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ux_stays_person_active",
                table: "stays",
                column: "person_id",
                unique: true,
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_intake_failures_facility_id_resolved_at",
                table: "intake_failures",
                columns: new[] { "facility_id", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "IX_intake_failures_transfer_id_person_id",
                table: "intake_failures",
                columns: new[] { "transfer_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stay_notes_stay_id_at",
                table: "stay_notes",
                columns: new[] { "stay_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "intake_failures");

            migrationBuilder.DropTable(
                name: "stay_notes");

            migrationBuilder.DropIndex(
                name: "IX_stays_transfer_id_person_id",
                table: "stays");

            migrationBuilder.DropIndex(
                name: "ux_stays_person_active",
                table: "stays");

            migrationBuilder.DropColumn(
                name: "transfer_id",
                table: "stays");
        }
    }
}
