using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonBirthDateByCommunity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_birth_date_community_code",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_birth_date",
                table: "persons",
                columns: new[] { "community_code", "birth_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_community_code_birth_date",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_birth_date_community_code",
                table: "persons",
                columns: new[] { "birth_date", "community_code" });
        }
    }
}
