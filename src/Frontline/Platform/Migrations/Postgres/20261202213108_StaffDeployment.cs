using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StaffDeployment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "staff",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    organisation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    id_number = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: true),
                    user_name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    home_jurisdiction_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    task_force = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    streak_start = table.Column<DateOnly>(type: "date", nullable: true),
                    streak_until = table.Column<DateOnly>(type: "date", nullable: true),
                    last_care_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_care_kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_care",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    staff_id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_care", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_deployments",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    staff_id = table.Column<long>(type: "bigint", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    task_force = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    from = table.Column<DateOnly>(type: "date", nullable: false),
                    to = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ended_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ended_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_deployments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_rest_days",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    staff_id = table.Column<long>(type: "bigint", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_rest_days", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_staff_jurisdiction_code_streak_start_id",
                table: "staff",
                columns: new[] { "jurisdiction_code", "streak_start", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_organisation_id",
                table: "staff",
                columns: new[] { "organisation", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_phone",
                table: "staff",
                column: "phone",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_staff_streak_start_streak_until",
                table: "staff",
                columns: new[] { "streak_start", "streak_until" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_streak_until",
                table: "staff",
                column: "streak_until");

            migrationBuilder.CreateIndex(
                name: "IX_staff_user_name",
                table: "staff",
                column: "user_name");

            migrationBuilder.CreateIndex(
                name: "IX_staff_care_staff_id_at",
                table: "staff_care",
                columns: new[] { "staff_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_deployments_jurisdiction_code_from",
                table: "staff_deployments",
                columns: new[] { "jurisdiction_code", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_deployments_staff_id_from",
                table: "staff_deployments",
                columns: new[] { "staff_id", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_rest_days_staff_id_date",
                table: "staff_rest_days",
                columns: new[] { "staff_id", "date" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "staff");

            migrationBuilder.DropTable(
                name: "staff_care");

            migrationBuilder.DropTable(
                name: "staff_deployments");

            migrationBuilder.DropTable(
                name: "staff_rest_days");
        }
    }
}
