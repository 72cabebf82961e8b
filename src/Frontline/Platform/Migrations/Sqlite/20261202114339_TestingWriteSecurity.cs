using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TestingWriteSecurity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "lab_accounts",
                table: "testing_rounds",
                type: "TEXT",
                maxLength: 2000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "sent_by",
                table: "lab_results",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "result_upload_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    upload_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    row = table.Column<int>(type: "INTEGER", nullable: false),
                    column = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_upload_errors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "result_uploads",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    errors = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_uploads", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_result_upload_errors_upload_id_row",
                table: "result_upload_errors",
                columns: new[] { "upload_id", "row" });

            migrationBuilder.CreateIndex(
                name: "IX_result_uploads_at",
                table: "result_uploads",
                column: "at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "result_upload_errors");

            migrationBuilder.DropTable(
                name: "result_uploads");

            migrationBuilder.DropColumn(
                name: "lab_accounts",
                table: "testing_rounds");

            migrationBuilder.DropColumn(
                name: "sent_by",
                table: "lab_results");
        }
    }
}
