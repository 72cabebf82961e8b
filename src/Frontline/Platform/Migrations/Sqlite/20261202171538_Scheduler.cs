using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Scheduler : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scheduled_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    work_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    scheduled_for = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    node_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scheduled_runs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_runs_work_name_scheduled_for",
                table: "scheduled_runs",
                columns: new[] { "work_name", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_runs_work_name_started_at",
                table: "scheduled_runs",
                columns: new[] { "work_name", "started_at" });

            // Quartz's own tables (qrtz_*), from the scripts its assembly ships for this database.
            Frontline.Platform.Scheduling.QuartzSchema.Up(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Frontline.Platform.Scheduling.QuartzSchema.Down(migrationBuilder, postgres: false);

            migrationBuilder.DropTable(
                name: "scheduled_runs");
        }
    }
}
