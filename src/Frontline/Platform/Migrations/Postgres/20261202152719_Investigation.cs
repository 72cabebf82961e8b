using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Investigation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "core_facts_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "district_code",
                table: "cases",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "isolated_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "notified_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "number",
                table: "cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "positive_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "report_submitted_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "severity",
                table: "cases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "updated_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.CreateTable(
                name: "assist_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    contact_id = table.Column<long>(type: "bigint", nullable: false),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    community_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    residence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    identified_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    due_by = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    state = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    sent_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assist_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_list_unmasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    call_list_id = table.Column<long>(type: "bigint", nullable: false),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_list_unmasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_lists",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    jurisdiction_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    place_id = table.Column<long>(type: "bigint", nullable: true),
                    case_id = table.Column<long>(type: "bigint", nullable: true),
                    from = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    to = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    total = table.Column<int>(type: "integer", nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from_value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    to_value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkins",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    event_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    place_id = table.Column<long>(type: "bigint", nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    community_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "companion_dismissals",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dismissed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    dismissed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_companion_dismissals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    via_contact_id = table.Column<long>(type: "bigint", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    setting = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    added_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    added_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    place_id = table.Column<long>(type: "bigint", nullable: true),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    from = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    to = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    check_in_id = table.Column<long>(type: "bigint", nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    case_id = table.Column<long>(type: "bigint", nullable: false),
                    community_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    drafted_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    drafted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    approved_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    approved_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    call_list_id = table.Column<long>(type: "bigint", nullable: false),
                    person_key = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    person_id = table.Column<long>(type: "bigint", nullable: true),
                    name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    id_number = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    assigned_to = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    due_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    where_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.id);
                    table.ForeignKey(
                        name: "FK_calls_call_lists_call_list_id",
                        column: x => x.call_list_id,
                        principalTable: "call_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    call_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    where_to = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    client_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_attempts", x => x.id);
                    table.ForeignKey(
                        name: "FK_call_attempts_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Cases recorded before case numbers existed are numbered by their id, in the district of their community.
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
                name: "IX_assist_checks_community_code_state_due_by",
                table: "assist_checks",
                columns: new[] { "community_code", "state", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_assist_checks_contact_id",
                table: "assist_checks",
                column: "contact_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_attempts_call_id_client_key",
                table: "call_attempts",
                columns: new[] { "call_id", "client_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_list_unmasks_call_list_id_user_name",
                table: "call_list_unmasks",
                columns: new[] { "call_list_id", "user_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_lists_jurisdiction_code_id",
                table: "call_lists",
                columns: new[] { "jurisdiction_code", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_assigned_to_status_due_at",
                table: "calls",
                columns: new[] { "assigned_to", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_call_list_id_person_key",
                table: "calls",
                columns: new[] { "call_list_id", "person_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_calls_call_list_id_status_assigned_to",
                table: "calls",
                columns: new[] { "call_list_id", "status", "assigned_to" });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_id",
                table: "case_events",
                columns: new[] { "case_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_checkins_event_id",
                table: "checkins",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_checkins_person_id_at",
                table: "checkins",
                columns: new[] { "person_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_checkins_place_id_at",
                table: "checkins",
                columns: new[] { "place_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_companion_dismissals_case_id_person_id",
                table: "companion_dismissals",
                columns: new[] { "case_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contacts_case_id_person_id",
                table: "contacts",
                columns: new[] { "case_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contacts_person_id",
                table: "contacts",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_contacts_via_contact_id",
                table: "contacts",
                column: "via_contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_trajectory_entries_case_id_from",
                table: "trajectory_entries",
                columns: new[] { "case_id", "from" });

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
                name: "assist_checks");

            migrationBuilder.DropTable(
                name: "call_attempts");

            migrationBuilder.DropTable(
                name: "call_list_unmasks");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "checkins");

            migrationBuilder.DropTable(
                name: "companion_dismissals");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "trajectory_entries");

            migrationBuilder.DropTable(
                name: "trajectory_notices");

            migrationBuilder.DropTable(
                name: "calls");

            migrationBuilder.DropTable(
                name: "call_lists");

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
                name: "isolated_at",
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
