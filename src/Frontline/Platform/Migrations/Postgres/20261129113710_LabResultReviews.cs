using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LabResultReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "review_decision",
                table: "lab_results",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "review_note",
                table: "lab_results",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "reviewed_at",
                table: "lab_results",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reviewed_by",
                table: "lab_results",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_tubes_needs_review_round_id",
                table: "tubes",
                columns: new[] { "needs_review", "round_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tubes_needs_review_round_id",
                table: "tubes");

            migrationBuilder.DropColumn(
                name: "review_decision",
                table: "lab_results");

            migrationBuilder.DropColumn(
                name: "review_note",
                table: "lab_results");

            migrationBuilder.DropColumn(
                name: "reviewed_at",
                table: "lab_results");

            migrationBuilder.DropColumn(
                name: "reviewed_by",
                table: "lab_results");
        }
    }
}
