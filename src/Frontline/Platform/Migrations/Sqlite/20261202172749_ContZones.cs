using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ContZones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "zone_proposals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    decision_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_proposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "zones",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    policy_set = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level_since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    released_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    released_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    building_count = table.Column<int>(type: "INTEGER", nullable: false),
                    resident_count = table.Column<int>(type: "INTEGER", nullable: false),
                    eligible_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    earliest_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    missing = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    last_infection_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_close_contact_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    close_contacts_without_negative = table.Column<int>(type: "INTEGER", nullable: false),
                    last_round_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_round_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_round_all_negative = table.Column<bool>(type: "INTEGER", nullable: true),
                    evaluated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zones", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "zone_cases",
                columns: table => new
                {
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_cases", x => new { x.zone_id, x.case_id });
                    table.ForeignKey(
                        name: "FK_zone_cases_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    from_level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    to_level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    eligible_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_steps", x => x.id);
                    table.ForeignKey(
                        name: "FK_zone_steps_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: true),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_targets", x => x.id);
                    table.ForeignKey(
                        name: "FK_zone_targets_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_zone_cases_case_id",
                table: "zone_cases",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_zone_proposals_case_id",
                table: "zone_proposals",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_zone_proposals_community_code_status_created_at",
                table: "zone_proposals",
                columns: new[] { "community_code", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_steps_zone_id_at",
                table: "zone_steps",
                columns: new[] { "zone_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_building_id",
                table: "zone_targets",
                column: "building_id");

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_jurisdiction_code",
                table: "zone_targets",
                column: "jurisdiction_code");

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_zone_id",
                table: "zone_targets",
                column: "zone_id");

            migrationBuilder.CreateIndex(
                name: "IX_zones_community_code_status_level_eligible_on",
                table: "zones",
                columns: new[] { "community_code", "status", "level", "eligible_on" });

            migrationBuilder.CreateIndex(
                name: "IX_zones_status_level",
                table: "zones",
                columns: new[] { "status", "level" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "zone_cases");

            migrationBuilder.DropTable(
                name: "zone_proposals");

            migrationBuilder.DropTable(
                name: "zone_steps");

            migrationBuilder.DropTable(
                name: "zone_targets");

            migrationBuilder.DropTable(
                name: "zones");
        }
    }
}
