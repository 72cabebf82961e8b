using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Briefings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "briefings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    cutoff_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    generated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    generated_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    snapshot = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_briefings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_briefings_day_jurisdiction_code",
                table: "briefings",
                columns: new[] { "day", "jurisdiction_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_briefings_jurisdiction_code_day",
                table: "briefings",
                columns: new[] { "jurisdiction_code", "day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "briefings");
        }
    }
}
