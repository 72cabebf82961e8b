using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ResidentRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "resident_request_steps");

            migrationBuilder.DropTable(
                name: "resident_requests");
        }
    }
}
