using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestsNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notice_reminders",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    notice_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    pending = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_reminders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notice_units",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    notice_id = table.Column<long>(type: "bigint", nullable: false),
                    unit_code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    scope_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    acknowledged_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    reminded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    reminders = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_units", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    sender_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    sent_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    recipients = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    units = table.Column<int>(type: "integer", nullable: false),
                    client_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_request_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    request_id = table.Column<long>(type: "bigint", nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_request_steps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    urgency = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    building_id = table.Column<long>(type: "bigint", nullable: true),
                    address = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    sealed_zone = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    logged_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    logged_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    due_by = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    accepted_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    closed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    closed_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    client_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_requests", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notice_reminders_notice_id",
                table: "notice_reminders",
                column: "notice_id");

            migrationBuilder.CreateIndex(
                name: "IX_notice_units_notice_id_unit_code",
                table: "notice_units",
                columns: new[] { "notice_id", "unit_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notice_units_unit_code_scope_code_acknowledged_at",
                table: "notice_units",
                columns: new[] { "unit_code", "scope_code", "acknowledged_at" });

            migrationBuilder.CreateIndex(
                name: "IX_notices_client_key",
                table: "notices",
                column: "client_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_sender_code_sent_at",
                table: "notices",
                columns: new[] { "sender_code", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_request_steps_request_id_at",
                table: "resident_request_steps",
                columns: new[] { "request_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_client_key",
                table: "resident_requests",
                column: "client_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_community_code_status_due_by",
                table: "resident_requests",
                columns: new[] { "community_code", "status", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_status_due_by",
                table: "resident_requests",
                columns: new[] { "status", "due_by" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notice_reminders");

            migrationBuilder.DropTable(
                name: "notice_units");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "resident_request_steps");

            migrationBuilder.DropTable(
                name: "resident_requests");
        }
    }
}
