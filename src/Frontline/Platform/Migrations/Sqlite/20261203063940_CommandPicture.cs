using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
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
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    new_confirmed = table.Column<int>(type: "INTEGER", nullable: false),
                    new_asymptomatic = table.Column<int>(type: "INTEGER", nullable: false),
                    new_pending = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_by_screening = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_in_control = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_in_community = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_confirmed = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_asymptomatic = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_cases = table.Column<int>(type: "INTEGER", nullable: false),
                    eligible = table.Column<int>(type: "INTEGER", nullable: false),
                    sampled = table.Column<int>(type: "INTEGER", nullable: false),
                    resulted = table.Column<int>(type: "INTEGER", nullable: false),
                    positive_pools = table.Column<int>(type: "INTEGER", nullable: false),
                    retests_pending = table.Column<int>(type: "INTEGER", nullable: false),
                    retests_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    new_close_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    new_secondary_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    close_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    secondary_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    in_centralised_quarantine = table.Column<int>(type: "INTEGER", nullable: false),
                    in_home_quarantine = table.Column<int>(type: "INTEGER", nullable: false),
                    in_home_monitoring = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level0 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level1 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level2 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_designated = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_stepped_down = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_released = table.Column<int>(type: "INTEGER", nullable: false),
                    rooms = table.Column<int>(type: "INTEGER", nullable: false),
                    rooms_occupied = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_done = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_done_late = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_open = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level0 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level1 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level2 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level3 = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_new = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_open = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_late = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_daily_figures", x => new { x.day, x.jurisdiction_code });
                });

            migrationBuilder.CreateTable(
                name: "command_figure_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    computed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closed = table.Column<bool>(type: "INTEGER", nullable: false)
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
