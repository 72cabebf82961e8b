using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Grids : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "grid_code",
                table: "buildings",
                type: "TEXT",
                maxLength: 15,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "doc_tail",
                table: "persons",
                type: "TEXT",
                maxLength: 4,
                nullable: true,
                computedColumnSql: "substr(doc_number, length(doc_number) - 3, 4)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_persons_doc_tail_community_code",
                table: "persons",
                columns: new[] { "doc_tail", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_room_community_code",
                table: "persons",
                columns: new[] { "room", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_buildings_grid_code",
                table: "buildings",
                column: "grid_code");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_doc_tail_community_code",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "IX_persons_room_community_code",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "IX_buildings_grid_code",
                table: "buildings");

            migrationBuilder.DropColumn(
                name: "doc_tail",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "grid_code",
                table: "buildings");
        }
    }
}
