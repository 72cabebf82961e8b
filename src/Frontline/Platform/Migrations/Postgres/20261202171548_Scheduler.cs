using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
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
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    work_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    scheduled_for = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    node_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    outcome = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
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
            Frontline.Platform.Scheduling.QuartzSchema.Up(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Frontline.Platform.Scheduling.QuartzSchema.Down(migrationBuilder, postgres: true);

            migrationBuilder.DropTable(
                name: "scheduled_runs");
        }
    }
}
