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
                name: "isolated_at",
                table: "cases",
                type: "timestamp with time zone",
                nullable: true);

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
