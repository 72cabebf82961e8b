using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notice_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    pending = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_reminders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notice_units",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notice_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    scope_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    acknowledged_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    reminded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reminders = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_units", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    sender_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recipients = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    units = table.Column<int>(type: "INTEGER", nullable: false),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_request_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_request_steps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    urgency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    sealed_zone = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    logged_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    logged_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    accepted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accepted_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
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
