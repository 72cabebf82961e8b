using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TransfersIntakePhoneTail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "resolution",
                table: "intake_failures",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "resolution_note",
                table: "intake_failures",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "phone_tail",
                table: "persons",
                type: "character varying(4)",
                maxLength: 4,
                nullable: true,
                computedColumnSql: "substr(phone, length(phone) - 3, 4)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_persons_phone_tail_community_code",
                table: "persons",
                columns: new[] { "phone_tail", "community_code" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_persons_phone_tail_community_code",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "phone_tail",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "resolution",
                table: "intake_failures");

            migrationBuilder.DropColumn(
                name: "resolution_note",
                table: "intake_failures");
        }
    }
}
