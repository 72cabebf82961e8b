using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Containment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "facilities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_facilities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "health_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    temperature = table.Column<double>(type: "REAL", nullable: true),
                    symptoms = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    alert = table.Column<bool>(type: "INTEGER", nullable: false),
                    alert_handled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    alert_handled_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    alert_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_health_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    floor = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rooms", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stays",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: true),
                    room_id = table.Column<long>(type: "INTEGER", nullable: true),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    person_community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    policy_set = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    checked_in_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_in_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    end_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stays", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_facilities_community_code",
                table: "facilities",
                column: "community_code");

            migrationBuilder.CreateIndex(
                name: "IX_facilities_name",
                table: "facilities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_health_checks_alert_alert_handled_at",
                table: "health_checks",
                columns: new[] { "alert", "alert_handled_at" });

            migrationBuilder.CreateIndex(
                name: "IX_health_checks_stay_id_at",
                table: "health_checks",
                columns: new[] { "stay_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_rooms_facility_id_number",
                table: "rooms",
                columns: new[] { "facility_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rooms_facility_id_state",
                table: "rooms",
                columns: new[] { "facility_id", "state" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_contact_id",
                table: "stays",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_stays_facility_id_status",
                table: "stays",
                columns: new[] { "facility_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_jurisdiction_code_status",
                table: "stays",
                columns: new[] { "jurisdiction_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_person_id_status",
                table: "stays",
                columns: new[] { "person_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_room_id",
                table: "stays",
                column: "room_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "facilities");

            migrationBuilder.DropTable(
                name: "health_checks");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "stays");
        }
    }
}
