using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ZonesStaysTransfers : Migration
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
                name: "self_report_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_self_report_links", x => x.id);
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

            migrationBuilder.CreateTable(
                name: "transfer_people",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    room_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    pickup_address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    urgency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    dispatched_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    picked_up_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    arrived_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    vehicle = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    driver = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    escort = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfers", x => x.id);
                });

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
                name: "IX_self_report_links_revoked_at_expires_at",
                table: "self_report_links",
                columns: new[] { "revoked_at", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "IX_self_report_links_stay_id",
                table: "self_report_links",
                column: "stay_id");

            migrationBuilder.CreateIndex(
                name: "IX_self_report_links_token_hash",
                table: "self_report_links",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stay_notes_stay_id_at",
                table: "stay_notes",
                columns: new[] { "stay_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_transfer_people_person_id",
                table: "transfer_people",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_transfer_people_transfer_id_person_id",
                table: "transfer_people",
                columns: new[] { "transfer_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transfers_facility_id_status",
                table: "transfers",
                columns: new[] { "facility_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_transfers_jurisdiction_code_status_due_by",
                table: "transfers",
                columns: new[] { "jurisdiction_code", "status", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_transfers_status_due_by",
                table: "transfers",
                columns: new[] { "status", "due_by" });

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
                name: "intake_failures");

            migrationBuilder.DropTable(
                name: "self_report_links");

            migrationBuilder.DropTable(
                name: "stay_notes");

            migrationBuilder.DropTable(
                name: "transfer_people");

            migrationBuilder.DropTable(
                name: "transfers");

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
