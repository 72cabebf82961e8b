using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    id_number = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    home_jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    task_force = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    streak_start = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    streak_until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_care_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_care_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_care",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_care", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_deployments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    task_force = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_deployments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_rest_days",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
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
