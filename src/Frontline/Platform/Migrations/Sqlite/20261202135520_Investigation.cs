using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Investigation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "isolated_at",
                table: "cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "checkins",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    place_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    via_contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    setting = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    added_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    added_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contacts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    place_id = table.Column<long>(type: "INTEGER", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    from = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    check_in_id = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_entries", x => x.id);
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkins");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "trajectory_entries");

            migrationBuilder.DropColumn(
                name: "isolated_at",
                table: "cases");
        }
    }
}
