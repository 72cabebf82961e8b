using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Grids : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "parent_code",
                table: "jurisdictions",
                type: "character varying(15)",
                maxLength: 15,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "code",
                table: "jurisdictions",
                type: "character varying(15)",
                maxLength: 15,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "jurisdiction_code",
                table: "identity_users",
                type: "character varying(15)",
                maxLength: 15,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldCollation: "C");

            migrationBuilder.AddColumn<string>(
                name: "grid_code",
                table: "buildings",
                type: "character varying(15)",
                maxLength: 15,
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "jurisdiction_code",
                table: "audit",
                type: "character varying(15)",
                maxLength: 15,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(12)",
                oldMaxLength: 12,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AddColumn<string>(
                name: "doc_tail",
                table: "persons",
                type: "character varying(4)",
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

            migrationBuilder.AlterColumn<string>(
                name: "parent_code",
                table: "jurisdictions",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(15)",
                oldMaxLength: 15,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "code",
                table: "jurisdictions",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(15)",
                oldMaxLength: 15,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "jurisdiction_code",
                table: "identity_users",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(15)",
                oldMaxLength: 15,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "jurisdiction_code",
                table: "audit",
                type: "character varying(12)",
                maxLength: 12,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(15)",
                oldMaxLength: 15,
                oldNullable: true,
                oldCollation: "C");
        }
    }
}
