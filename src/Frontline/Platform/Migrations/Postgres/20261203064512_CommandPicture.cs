using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommandPicture : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "command_daily_figures",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    new_confirmed = table.Column<int>(type: "integer", nullable: false),
                    new_asymptomatic = table.Column<int>(type: "integer", nullable: false),
                    new_pending = table.Column<int>(type: "integer", nullable: false),
                    new_found_by_screening = table.Column<int>(type: "integer", nullable: false),
                    new_found_in_control = table.Column<int>(type: "integer", nullable: false),
                    new_found_in_community = table.Column<int>(type: "integer", nullable: false),
                    cumulative_confirmed = table.Column<int>(type: "integer", nullable: false),
                    cumulative_asymptomatic = table.Column<int>(type: "integer", nullable: false),
                    cumulative_cases = table.Column<int>(type: "integer", nullable: false),
                    eligible = table.Column<int>(type: "integer", nullable: false),
                    sampled = table.Column<int>(type: "integer", nullable: false),
                    resulted = table.Column<int>(type: "integer", nullable: false),
                    positive_pools = table.Column<int>(type: "integer", nullable: false),
                    retests_pending = table.Column<int>(type: "integer", nullable: false),
                    retests_overdue = table.Column<int>(type: "integer", nullable: false),
                    new_close_contacts = table.Column<int>(type: "integer", nullable: false),
                    new_secondary_contacts = table.Column<int>(type: "integer", nullable: false),
                    close_contacts = table.Column<int>(type: "integer", nullable: false),
                    secondary_contacts = table.Column<int>(type: "integer", nullable: false),
                    in_centralised_quarantine = table.Column<int>(type: "integer", nullable: false),
                    in_home_quarantine = table.Column<int>(type: "integer", nullable: false),
                    in_home_monitoring = table.Column<int>(type: "integer", nullable: false),
                    zones_level0 = table.Column<int>(type: "integer", nullable: false),
                    zones_level1 = table.Column<int>(type: "integer", nullable: false),
                    zones_level2 = table.Column<int>(type: "integer", nullable: false),
                    zones_designated = table.Column<int>(type: "integer", nullable: false),
                    zones_stepped_down = table.Column<int>(type: "integer", nullable: false),
                    zones_released = table.Column<int>(type: "integer", nullable: false),
                    rooms = table.Column<int>(type: "integer", nullable: false),
                    rooms_occupied = table.Column<int>(type: "integer", nullable: false),
                    transfers_done = table.Column<int>(type: "integer", nullable: false),
                    transfers_done_late = table.Column<int>(type: "integer", nullable: false),
                    transfers_overdue = table.Column<int>(type: "integer", nullable: false),
                    tasks_open = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue_level0 = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue_level1 = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue_level2 = table.Column<int>(type: "integer", nullable: false),
                    tasks_overdue_level3 = table.Column<int>(type: "integer", nullable: false),
                    requests_new = table.Column<int>(type: "integer", nullable: false),
                    requests_open = table.Column<int>(type: "integer", nullable: false),
                    requests_late = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_daily_figures", x => new { x.day, x.jurisdiction_code });
                });

            migrationBuilder.CreateTable(
                name: "command_figure_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    computed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    closed = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_figure_days", x => x.day);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "command_daily_figures");

            migrationBuilder.DropTable(
                name: "command_figure_days");
        }
    }
}
