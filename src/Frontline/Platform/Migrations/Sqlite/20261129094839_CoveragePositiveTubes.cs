using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoveragePositiveTubes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "positive_tubes",
                table: "coverage_counts",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Rounds already under way: count their positive tubes once from the samples.
            migrationBuilder.Sql("""
                UPDATE coverage_counts SET positive_tubes = (
                    SELECT COUNT(DISTINCT s.tube_id) FROM samples s JOIN tubes t ON t.id = s.tube_id
                    WHERE t.outcome = 2 AND s.retest_order_id IS NULL
                      AND s.round_id = coverage_counts.round_id AND s.community_code = coverage_counts.community_code)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "positive_tubes",
                table: "coverage_counts");
        }
    }
}
