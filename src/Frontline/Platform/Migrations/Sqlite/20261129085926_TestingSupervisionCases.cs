using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TestingSupervisionCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "birth_date",
                table: "persons",
                type: "TEXT",
                nullable: true);

            // Residents registered before the column existed: their ID numbers carry the birth date.
            migrationBuilder.Sql("UPDATE persons SET birth_date = substr(doc_number, 7, 4) || '-' || substr(doc_number, 11, 2) || '-' || substr(doc_number, 13, 2) WHERE doc_type = 0 AND length(doc_number) = 18");

            migrationBuilder.CreateTable(
                name: "cases",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    classification = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    detected_by = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    sampled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    onset_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    reported_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    infector_case_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_sample_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coverage_counts",
                columns: table => new
                {
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    sampled = table.Column<int>(type: "INTEGER", nullable: false),
                    negative = table.Column<int>(type: "INTEGER", nullable: false),
                    positive = table.Column<int>(type: "INTEGER", nullable: false),
                    invalid = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coverage_counts", x => new { x.round_id, x.community_code });
                });

            migrationBuilder.CreateTable(
                name: "domain_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_domain_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lab_results",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    tube_id = table.Column<long>(type: "INTEGER", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    ct_orf1ab = table.Column<double>(type: "REAL", nullable: true),
                    ct_n = table.Column<double>(type: "REAL", nullable: true),
                    lab = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    reported_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    conflicting = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retest_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source_tube_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    sample_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sampled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retest_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "samples",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    tube_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    site_id = table.Column<long>(type: "INTEGER", nullable: false),
                    collected_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    collector = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    retest_order_id = table.Column<long>(type: "INTEGER", nullable: true),
                    received_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_samples", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "sampling_sites",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    samplers = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sampling_sites", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supervised_tasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    done_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    source_key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervised_tasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "temporary_controls",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    source_tube_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lifted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_temporary_controls", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "testing_exemptions",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_testing_exemptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "testing_rounds",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    scope_codes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    starts_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ends_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    pool_size = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_testing_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "tubes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    site_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    pool_size = table.Column<int>(type: "INTEGER", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    first_scan_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    ct_orf1ab = table.Column<double>(type: "REAL", nullable: true),
                    ct_n = table.Column<double>(type: "REAL", nullable: true),
                    lab = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    result_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    needs_review = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tubes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_persons_birth_date_community_code",
                table: "persons",
                columns: new[] { "birth_date", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_community_code_reported_at",
                table: "cases",
                columns: new[] { "community_code", "reported_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_person_id",
                table: "cases",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_cases_source_sample_id",
                table: "cases",
                column: "source_sample_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_domain_events_delivered_at_id",
                table: "domain_events",
                columns: new[] { "delivered_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_event_id",
                table: "lab_results",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lab_results_tube_id",
                table: "lab_results",
                column: "tube_id");

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_person_id_sample_id",
                table: "retest_orders",
                columns: new[] { "person_id", "sample_id" });

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_round_id_community_code_due_by",
                table: "retest_orders",
                columns: new[] { "round_id", "community_code", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_source_tube_id_person_id",
                table: "retest_orders",
                columns: new[] { "source_tube_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_samples_event_id",
                table: "samples",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_samples_person_id_collected_at",
                table: "samples",
                columns: new[] { "person_id", "collected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_samples_round_id_person_id",
                table: "samples",
                columns: new[] { "round_id", "person_id" },
                unique: true,
                filter: "retest_order_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_samples_tube_id",
                table: "samples",
                column: "tube_id");

            migrationBuilder.CreateIndex(
                name: "IX_sampling_sites_code",
                table: "sampling_sites",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_sampling_sites_community_code",
                table: "sampling_sites",
                column: "community_code");

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_done_at_due_by",
                table: "supervised_tasks",
                columns: new[] { "done_at", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_jurisdiction_code_done_at_due_by",
                table: "supervised_tasks",
                columns: new[] { "jurisdiction_code", "done_at", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_source_key",
                table: "supervised_tasks",
                column: "source_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_temporary_controls_community_code_lifted_at",
                table: "temporary_controls",
                columns: new[] { "community_code", "lifted_at" });

            migrationBuilder.CreateIndex(
                name: "IX_temporary_controls_person_id_source_tube_id",
                table: "temporary_controls",
                columns: new[] { "person_id", "source_tube_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_testing_exemptions_community_code_person_id",
                table: "testing_exemptions",
                columns: new[] { "community_code", "person_id" });

            migrationBuilder.CreateIndex(
                name: "IX_testing_exemptions_person_id",
                table: "testing_exemptions",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_tubes_code",
                table: "tubes",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tubes_round_id_outcome",
                table: "tubes",
                columns: new[] { "round_id", "outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "coverage_counts");

            migrationBuilder.DropTable(
                name: "domain_events");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "retest_orders");

            migrationBuilder.DropTable(
                name: "samples");

            migrationBuilder.DropTable(
                name: "sampling_sites");

            migrationBuilder.DropTable(
                name: "supervised_tasks");

            migrationBuilder.DropTable(
                name: "temporary_controls");

            migrationBuilder.DropTable(
                name: "testing_exemptions");

            migrationBuilder.DropTable(
                name: "testing_rounds");

            migrationBuilder.DropTable(
                name: "tubes");

            migrationBuilder.DropIndex(
                name: "IX_persons_birth_date_community_code",
                table: "persons");

            migrationBuilder.DropColumn(
                name: "birth_date",
                table: "persons");
        }
    }
}
