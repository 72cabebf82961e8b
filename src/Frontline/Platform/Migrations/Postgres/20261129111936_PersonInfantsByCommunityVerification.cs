using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PersonInfantsByCommunityVerification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_community_code_birth_date",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_birth_date_verification",
                table: "persons",
                columns: new[] { "community_code", "birth_date", "verification" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_community_code_birth_date_verification",
                table: "persons");

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_birth_date",
                table: "persons",
                columns: new[] { "community_code", "birth_date" });
        }
    }
}
