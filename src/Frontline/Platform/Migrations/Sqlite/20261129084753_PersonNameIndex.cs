using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PersonNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_community_code_name",
                table: "persons");

            migrationBuilder.DropIndex(
                name: "IX_persons_name",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_name_community_code",
                table: "persons",
                columns: new[] { "name", "community_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_name_community_code",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_name",
                table: "persons",
                columns: new[] { "community_code", "name" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_name",
                table: "persons",
                column: "name");
        }
    }
}
