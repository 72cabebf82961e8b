using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_tokens",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_tokens", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "buildings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    floors = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_buildings", x => x.id);
                });

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
                    invalid = table.Column<int>(type: "INTEGER", nullable: false),
                    positive_tubes = table.Column<int>(type: "INTEGER", nullable: false),
                    infants_sampled = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_coverage_counts", x => new { x.round_id, x.community_code });
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.id);
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
                name: "identity_roles",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "identity_users",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jurisdictions",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    parent_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    population = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_jurisdictions", x => x.code);
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
                    conflicting = table.Column<bool>(type: "INTEGER", nullable: false),
                    reviewed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reviewed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    review_decision = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    review_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lab_results", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "places",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places", x => x.id);
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
                name: "roster_import_rejections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    import_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    row = table.Column<int>(type: "INTEGER", nullable: false),
                    cells_json = table.Column<string>(type: "TEXT", nullable: false),
                    errors_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roster_import_rejections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roster_imports",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    imported = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    header_json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roster_imports", x => x.id);
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
                name: "settings",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.key);
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
                    done_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    done_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
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
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
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

            migrationBuilder.CreateTable(
                name: "persons",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    doc_type = table.Column<int>(type: "INTEGER", nullable: false),
                    doc_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: false),
                    room = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    floor = table.Column<int>(type: "INTEGER", nullable: true),
                    resident_type = table.Column<int>(type: "INTEGER", nullable: false),
                    birth_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    verification = table.Column<int>(type: "INTEGER", nullable: false),
                    verified_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    verified_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    verification_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    needs_verification = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_persons", x => x.id);
                    table.ForeignKey(
                        name: "FK_persons_buildings_building_id",
                        column: x => x.building_id,
                        principalTable: "buildings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "identity_role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    role_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "FK_identity_role_claims_identity_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "identity_roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "FK_identity_user_claims_identity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "FK_identity_user_logins_identity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_user_roles",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    role_id = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "FK_identity_user_roles_identity_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "identity_roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_identity_user_roles_identity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "identity_user_tokens",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_identity_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "FK_identity_user_tokens_identity_users_user_id",
                        column: x => x.user_id,
                        principalTable: "identity_users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_token_hash",
                table: "api_tokens",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_api_tokens_user_id",
                table: "api_tokens",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_audit_action_at",
                table: "audit",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_at",
                table: "audit",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_audit_user_name_at",
                table: "audit",
                columns: new[] { "user_name", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_buildings_community_code_name",
                table: "buildings",
                columns: new[] { "community_code", "name" },
                unique: true);

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
                name: "IX_identity_role_claims_role_id",
                table: "identity_role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "identity_roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_identity_user_claims_user_id",
                table: "identity_user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_identity_user_logins_user_id",
                table: "identity_user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_identity_user_roles_role_id",
                table: "identity_user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "identity_users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "identity_users",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_jurisdictions_parent_code",
                table: "jurisdictions",
                column: "parent_code");

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
                name: "IX_persons_building_id_room",
                table: "persons",
                columns: new[] { "building_id", "room" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_birth_date_verification",
                table: "persons",
                columns: new[] { "community_code", "birth_date", "verification" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_community_code_id",
                table: "persons",
                columns: new[] { "community_code", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_doc_number_doc_type",
                table: "persons",
                columns: new[] { "doc_number", "doc_type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_persons_name_community_code",
                table: "persons",
                columns: new[] { "name", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_phone",
                table: "persons",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "IX_places_code",
                table: "places",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_places_community_code_kind",
                table: "places",
                columns: new[] { "community_code", "kind" });

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
                name: "IX_roster_import_rejections_import_id_row",
                table: "roster_import_rejections",
                columns: new[] { "import_id", "row" });

            migrationBuilder.CreateIndex(
                name: "IX_roster_imports_started_at",
                table: "roster_imports",
                column: "started_at");

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
                name: "IX_tubes_needs_review_round_id",
                table: "tubes",
                columns: new[] { "needs_review", "round_id" });

            migrationBuilder.CreateIndex(
                name: "IX_tubes_round_id_outcome",
                table: "tubes",
                columns: new[] { "round_id", "outcome" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "audit");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "coverage_counts");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "domain_events");

            migrationBuilder.DropTable(
                name: "identity_role_claims");

            migrationBuilder.DropTable(
                name: "identity_user_claims");

            migrationBuilder.DropTable(
                name: "identity_user_logins");

            migrationBuilder.DropTable(
                name: "identity_user_roles");

            migrationBuilder.DropTable(
                name: "identity_user_tokens");

            migrationBuilder.DropTable(
                name: "jurisdictions");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "persons");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "retest_orders");

            migrationBuilder.DropTable(
                name: "roster_import_rejections");

            migrationBuilder.DropTable(
                name: "roster_imports");

            migrationBuilder.DropTable(
                name: "samples");

            migrationBuilder.DropTable(
                name: "sampling_sites");

            migrationBuilder.DropTable(
                name: "settings");

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

            migrationBuilder.DropTable(
                name: "identity_roles");

            migrationBuilder.DropTable(
                name: "identity_users");

            migrationBuilder.DropTable(
                name: "buildings");
        }
    }
}
