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
                name: "assist_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    residence = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    identified_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_assist_checks", x => x.id);
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
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    detail = table.Column<string>(type: "TEXT", nullable: true),
                    ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "briefings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    cutoff_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    generated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    generated_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    snapshot = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_briefings", x => x.id);
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
                    floors = table.Column<int>(type: "INTEGER", nullable: false),
                    grid_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_buildings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_list_unmasks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    call_list_id = table.Column<long>(type: "INTEGER", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_list_unmasks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "call_lists",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    place_id = table.Column<long>(type: "INTEGER", nullable: true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: true),
                    from = table.Column<DateTime>(type: "TEXT", nullable: true),
                    to = table.Column<DateTime>(type: "TEXT", nullable: true),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_lists", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "case_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    from_value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    to_value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_events", x => x.id);
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
                    isolated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    infector_case_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_sample_id = table.Column<long>(type: "INTEGER", nullable: true),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    district_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    positive_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    notified_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    core_facts_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    report_submitted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cases", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "checkins",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    place_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkins", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "command_daily_figures",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    new_confirmed = table.Column<int>(type: "INTEGER", nullable: false),
                    new_asymptomatic = table.Column<int>(type: "INTEGER", nullable: false),
                    new_pending = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_by_screening = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_in_control = table.Column<int>(type: "INTEGER", nullable: false),
                    new_found_in_community = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_confirmed = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_asymptomatic = table.Column<int>(type: "INTEGER", nullable: false),
                    cumulative_cases = table.Column<int>(type: "INTEGER", nullable: false),
                    eligible = table.Column<int>(type: "INTEGER", nullable: false),
                    sampled = table.Column<int>(type: "INTEGER", nullable: false),
                    resulted = table.Column<int>(type: "INTEGER", nullable: false),
                    positive_pools = table.Column<int>(type: "INTEGER", nullable: false),
                    retests_pending = table.Column<int>(type: "INTEGER", nullable: false),
                    retests_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    new_close_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    new_secondary_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    close_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    secondary_contacts = table.Column<int>(type: "INTEGER", nullable: false),
                    in_centralised_quarantine = table.Column<int>(type: "INTEGER", nullable: false),
                    in_home_quarantine = table.Column<int>(type: "INTEGER", nullable: false),
                    in_home_monitoring = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level0 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level1 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_level2 = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_designated = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_stepped_down = table.Column<int>(type: "INTEGER", nullable: false),
                    zones_released = table.Column<int>(type: "INTEGER", nullable: false),
                    rooms = table.Column<int>(type: "INTEGER", nullable: false),
                    rooms_occupied = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_done = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_done_late = table.Column<int>(type: "INTEGER", nullable: false),
                    transfers_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_open = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level0 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level1 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level2 = table.Column<int>(type: "INTEGER", nullable: false),
                    tasks_overdue_level3 = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_new = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_open = table.Column<int>(type: "INTEGER", nullable: false),
                    requests_late = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_daily_figures", x => new { x.day, x.jurisdiction_code });
                });

            migrationBuilder.CreateTable(
                name: "command_figure_days",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    computed_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    closed = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_command_figure_days", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "companion_dismissals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    dismissed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    dismissed_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_companion_dismissals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "contacts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    via_contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    setting = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    added_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    added_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contacts", x => x.id);
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
                name: "facilities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_facilities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "health_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    temperature = table.Column<double>(type: "REAL", nullable: true),
                    symptoms = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    alert = table.Column<bool>(type: "INTEGER", nullable: false),
                    alert_handled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    alert_handled_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    alert_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_health_checks", x => x.id);
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
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
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
                name: "inspection_finding_checks",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    finding_id = table.Column<long>(type: "INTEGER", nullable: false),
                    inspection_id = table.Column<long>(type: "INTEGER", nullable: false),
                    @fixed = table.Column<bool>(name: "fixed", type: "INTEGER", nullable: false),
                    new_fix_by = table.Column<DateTime>(type: "TEXT", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_finding_checks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_findings",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    inspection_id = table.Column<long>(type: "INTEGER", nullable: false),
                    place_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    fix_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    fixed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    fixed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    fixed_inspection_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspection_findings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    place_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    place_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    place_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    template = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    template_version = table.Column<int>(type: "INTEGER", nullable: false),
                    answers_json = table.Column<string>(type: "TEXT", nullable: false),
                    inspected_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    inspected_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    request_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    open_findings = table.Column<int>(type: "INTEGER", nullable: false),
                    findings = table.Column<int>(type: "INTEGER", nullable: false),
                    rechecked = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inspections", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "intake_failures",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    resolved_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    resolved_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    resolution = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    resolution_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intake_failures", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "jurisdictions",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    parent_code = table.Column<string>(type: "TEXT", maxLength: 15, nullable: true),
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
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
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
                name: "notice_reminders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notice_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    pending = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_reminders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notice_units",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    notice_id = table.Column<long>(type: "INTEGER", nullable: false),
                    unit_code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    scope_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    acknowledged_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    acknowledged_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    reminded_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reminders = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notice_units", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    sender_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recipients = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    units = table.Column<int>(type: "INTEGER", nullable: false),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notices", x => x.id);
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
                name: "resident_request_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    request_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_request_steps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "resident_requests",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    urgency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    sealed_zone = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    logged_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    logged_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    accepted_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    accepted_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    closed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    closed_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resident_requests", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "result_upload_errors",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    upload_id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    row = table.Column<int>(type: "INTEGER", nullable: false),
                    column = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    tube_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_upload_errors", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "result_uploads",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    total = table.Column<int>(type: "INTEGER", nullable: false),
                    accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false),
                    conflicts = table.Column<int>(type: "INTEGER", nullable: false),
                    errors = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_uploads", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "retest_orders",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    round_id = table.Column<long>(type: "INTEGER", nullable: true),
                    source_tube_id = table.Column<long>(type: "INTEGER", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    for_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    day_number = table.Column<int>(type: "INTEGER", nullable: true),
                    requester = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    sample_id = table.Column<long>(type: "INTEGER", nullable: true),
                    sampled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    outcome = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retest_orders", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rooms",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    floor = table.Column<int>(type: "INTEGER", nullable: false),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rooms", x => x.id);
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
                name: "round_building_counts",
                columns: table => new
                {
                    round_id = table.Column<long>(type: "INTEGER", nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: false),
                    sampled = table.Column<int>(type: "INTEGER", nullable: false),
                    negative = table.Column<int>(type: "INTEGER", nullable: false),
                    positive = table.Column<int>(type: "INTEGER", nullable: false),
                    invalid = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_round_building_counts", x => new { x.round_id, x.building_id });
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
                    building_id = table.Column<long>(type: "INTEGER", nullable: false),
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
                name: "scheduled_runs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    work_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    scheduled_for = table.Column<DateTime>(type: "TEXT", nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    finished_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    node_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scheduled_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "self_report_links",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_self_report_links", x => x.id);
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
                name: "staff",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    organisation = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    id_number = table.Column<string>(type: "TEXT", maxLength: 18, nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    home_jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    task_force = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    streak_start = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    streak_until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_care_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_care_kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_care",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_care", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_deployments",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    task_force = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_deployments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "staff_rest_days",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    staff_id = table.Column<long>(type: "INTEGER", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff_rest_days", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stay_notes",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    stay_id = table.Column<long>(type: "INTEGER", nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stay_notes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stays",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: true),
                    room_id = table.Column<long>(type: "INTEGER", nullable: true),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    person_community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    policy_set = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    checked_in_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    checked_in_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ended_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ended_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    end_note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stays", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "stored_files",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    owner_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    uploaded_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    uploaded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stored_files", x => x.id);
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
                    source_key = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    escalation_level = table.Column<int>(type: "INTEGER", nullable: false),
                    next_escalation_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    owner_team = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    owner_user = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    accepted_at = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    lab_accounts = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_testing_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    place_id = table.Column<long>(type: "INTEGER", nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    from = table.Column<DateTime>(type: "TEXT", nullable: false),
                    to = table.Column<DateTime>(type: "TEXT", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    check_in_id = table.Column<long>(type: "INTEGER", nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "trajectory_notices",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    drafted_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    drafted_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    approved_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    approved_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trajectory_notices", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "transfer_people",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    transfer_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    room_number = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    contact_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfer_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "transfers",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    facility_id = table.Column<long>(type: "INTEGER", nullable: false),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    pickup_address = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    urgency = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    requested_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    due_by = table.Column<DateTime>(type: "TEXT", nullable: false),
                    dispatched_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    picked_up_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    arrived_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    cancelled_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    vehicle = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    driver = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    escort = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_transfers", x => x.id);
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
                name: "verification_taps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    event_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    status = table.Column<int>(type: "INTEGER", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_verification_taps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "zone_proposals",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    decided_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    decided_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    decision_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_proposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "zones",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    policy_set = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    community_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level_since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    released_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    released_by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    building_count = table.Column<int>(type: "INTEGER", nullable: false),
                    resident_count = table.Column<int>(type: "INTEGER", nullable: false),
                    eligible_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    earliest_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    missing = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    last_infection_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_close_contact_exposure_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    close_contacts_without_negative = table.Column<int>(type: "INTEGER", nullable: false),
                    last_round_id = table.Column<long>(type: "INTEGER", nullable: true),
                    last_round_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    last_round_all_negative = table.Column<bool>(type: "INTEGER", nullable: true),
                    evaluated_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zones", x => x.id);
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
                    doc_tail = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true, computedColumnSql: "substr(doc_number, length(doc_number) - 3, 4)", stored: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    phone_tail = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true, computedColumnSql: "substr(phone, length(phone) - 3, 4)", stored: true),
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
                name: "calls",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    call_list_id = table.Column<long>(type: "INTEGER", nullable: false),
                    person_key = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    person_id = table.Column<long>(type: "INTEGER", nullable: true),
                    name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    id_number = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    assigned_to = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    due_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    where_to = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_calls", x => x.id);
                    table.ForeignKey(
                        name: "FK_calls_call_lists_call_list_id",
                        column: x => x.call_list_id,
                        principalTable: "call_lists",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.CreateTable(
                name: "room_outages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    room_id = table.Column<long>(type: "INTEGER", nullable: false),
                    since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    until = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_room_outages", x => x.id);
                    table.ForeignKey(
                        name: "FK_room_outages_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "stored_file_contents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_stored_file_contents", x => x.id);
                    table.ForeignKey(
                        name: "FK_stored_file_contents_stored_files_id",
                        column: x => x.id,
                        principalTable: "stored_files",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "supervised_task_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    task_id = table.Column<long>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    level = table.Column<int>(type: "INTEGER", nullable: true),
                    team = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    text = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervised_task_events", x => x.id);
                    table.ForeignKey(
                        name: "FK_supervised_task_events_supervised_tasks_task_id",
                        column: x => x.task_id,
                        principalTable: "supervised_tasks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_cases",
                columns: table => new
                {
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    case_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_cases", x => new { x.zone_id, x.case_id });
                    table.ForeignKey(
                        name: "FK_zone_cases_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_steps",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    from_level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    to_level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    eligible_on = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_steps", x => x.id);
                    table.ForeignKey(
                        name: "FK_zone_steps_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "zone_targets",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    zone_id = table.Column<long>(type: "INTEGER", nullable: false),
                    building_id = table.Column<long>(type: "INTEGER", nullable: true),
                    jurisdiction_code = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_zone_targets", x => x.id);
                    table.ForeignKey(
                        name: "FK_zone_targets_zones_zone_id",
                        column: x => x.zone_id,
                        principalTable: "zones",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "call_attempts",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    call_id = table.Column<long>(type: "INTEGER", nullable: false),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    where_to = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    client_key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_call_attempts", x => x.id);
                    table.ForeignKey(
                        name: "FK_call_attempts_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "calls",
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
                name: "IX_assist_checks_community_code_state_due_by",
                table: "assist_checks",
                columns: new[] { "community_code", "state", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_assist_checks_contact_id",
                table: "assist_checks",
                column: "contact_id",
                unique: true);

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
                name: "IX_briefings_day_jurisdiction_code",
                table: "briefings",
                columns: new[] { "day", "jurisdiction_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_briefings_jurisdiction_code_day",
                table: "briefings",
                columns: new[] { "jurisdiction_code", "day" });

            migrationBuilder.CreateIndex(
                name: "IX_buildings_community_code_name",
                table: "buildings",
                columns: new[] { "community_code", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_buildings_grid_code",
                table: "buildings",
                column: "grid_code");

            migrationBuilder.CreateIndex(
                name: "IX_call_attempts_call_id_client_key",
                table: "call_attempts",
                columns: new[] { "call_id", "client_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_list_unmasks_call_list_id_user_name",
                table: "call_list_unmasks",
                columns: new[] { "call_list_id", "user_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_call_lists_jurisdiction_code_id",
                table: "call_lists",
                columns: new[] { "jurisdiction_code", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_assigned_to_status_due_at",
                table: "calls",
                columns: new[] { "assigned_to", "status", "due_at" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_call_list_id_person_key",
                table: "calls",
                columns: new[] { "call_list_id", "person_key" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_calls_call_list_id_status_assigned_to",
                table: "calls",
                columns: new[] { "call_list_id", "status", "assigned_to" });

            migrationBuilder.CreateIndex(
                name: "IX_case_events_case_id_id",
                table: "case_events",
                columns: new[] { "case_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_community_code_reported_at",
                table: "cases",
                columns: new[] { "community_code", "reported_at" });

            migrationBuilder.CreateIndex(
                name: "IX_cases_district_code_number",
                table: "cases",
                columns: new[] { "district_code", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cases_infector_case_id",
                table: "cases",
                column: "infector_case_id");

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
                name: "IX_checkins_event_id",
                table: "checkins",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_checkins_person_id_at",
                table: "checkins",
                columns: new[] { "person_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_checkins_place_id_at",
                table: "checkins",
                columns: new[] { "place_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_companion_dismissals_case_id_person_id",
                table: "companion_dismissals",
                columns: new[] { "case_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contacts_case_id_person_id",
                table: "contacts",
                columns: new[] { "case_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contacts_person_id",
                table: "contacts",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_contacts_via_contact_id",
                table: "contacts",
                column: "via_contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_domain_events_delivered_at_id",
                table: "domain_events",
                columns: new[] { "delivered_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_facilities_community_code",
                table: "facilities",
                column: "community_code");

            migrationBuilder.CreateIndex(
                name: "IX_facilities_name",
                table: "facilities",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_health_checks_alert_alert_handled_at",
                table: "health_checks",
                columns: new[] { "alert", "alert_handled_at" });

            migrationBuilder.CreateIndex(
                name: "IX_health_checks_stay_id_at",
                table: "health_checks",
                columns: new[] { "stay_id", "at" });

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
                name: "IX_inspection_finding_checks_finding_id",
                table: "inspection_finding_checks",
                column: "finding_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_finding_checks_inspection_id",
                table: "inspection_finding_checks",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_findings_inspection_id",
                table: "inspection_findings",
                column: "inspection_id");

            migrationBuilder.CreateIndex(
                name: "IX_inspection_findings_place_id_status",
                table: "inspection_findings",
                columns: new[] { "place_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_jurisdiction_code_inspected_at",
                table: "inspections",
                columns: new[] { "jurisdiction_code", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_place_id_inspected_at",
                table: "inspections",
                columns: new[] { "place_id", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_place_kind_jurisdiction_code_inspected_at",
                table: "inspections",
                columns: new[] { "place_kind", "jurisdiction_code", "inspected_at" });

            migrationBuilder.CreateIndex(
                name: "IX_inspections_request_id",
                table: "inspections",
                column: "request_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_intake_failures_facility_id_resolved_at",
                table: "intake_failures",
                columns: new[] { "facility_id", "resolved_at" });

            migrationBuilder.CreateIndex(
                name: "IX_intake_failures_transfer_id_person_id",
                table: "intake_failures",
                columns: new[] { "transfer_id", "person_id" },
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
                name: "IX_notice_reminders_notice_id",
                table: "notice_reminders",
                column: "notice_id");

            migrationBuilder.CreateIndex(
                name: "IX_notice_units_notice_id_unit_code",
                table: "notice_units",
                columns: new[] { "notice_id", "unit_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notice_units_unit_code_scope_code_acknowledged_at",
                table: "notice_units",
                columns: new[] { "unit_code", "scope_code", "acknowledged_at" });

            migrationBuilder.CreateIndex(
                name: "IX_notices_client_key",
                table: "notices",
                column: "client_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_notices_sender_code_sent_at",
                table: "notices",
                columns: new[] { "sender_code", "sent_at" });

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
                name: "IX_persons_doc_tail_community_code",
                table: "persons",
                columns: new[] { "doc_tail", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_name_community_code",
                table: "persons",
                columns: new[] { "name", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_phone",
                table: "persons",
                column: "phone");

            migrationBuilder.CreateIndex(
                name: "IX_persons_phone_tail_community_code",
                table: "persons",
                columns: new[] { "phone_tail", "community_code" });

            migrationBuilder.CreateIndex(
                name: "IX_persons_room_community_code",
                table: "persons",
                columns: new[] { "room", "community_code" });

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
                name: "IX_resident_request_steps_request_id_at",
                table: "resident_request_steps",
                columns: new[] { "request_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_client_key",
                table: "resident_requests",
                column: "client_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_community_code_status_due_by",
                table: "resident_requests",
                columns: new[] { "community_code", "status", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_resident_requests_status_due_by",
                table: "resident_requests",
                columns: new[] { "status", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_result_upload_errors_upload_id_row",
                table: "result_upload_errors",
                columns: new[] { "upload_id", "row" });

            migrationBuilder.CreateIndex(
                name: "IX_result_uploads_at",
                table: "result_uploads",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_community_code_for_day",
                table: "retest_orders",
                columns: new[] { "community_code", "for_day" });

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_for_day",
                table: "retest_orders",
                column: "for_day");

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_person_id_sample_id",
                table: "retest_orders",
                columns: new[] { "person_id", "sample_id" });

            migrationBuilder.CreateIndex(
                name: "IX_retest_orders_requester",
                table: "retest_orders",
                column: "requester");

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
                name: "ux_retest_orders_scheduled",
                table: "retest_orders",
                columns: new[] { "requester", "day_number" },
                unique: true,
                filter: "reason = 'stay-test'");

            migrationBuilder.CreateIndex(
                name: "IX_room_outages_room_id_until",
                table: "room_outages",
                columns: new[] { "room_id", "until" });

            migrationBuilder.CreateIndex(
                name: "IX_rooms_facility_id_number",
                table: "rooms",
                columns: new[] { "facility_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rooms_facility_id_state",
                table: "rooms",
                columns: new[] { "facility_id", "state" });

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
                name: "IX_scheduled_runs_work_name_scheduled_for",
                table: "scheduled_runs",
                columns: new[] { "work_name", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "IX_scheduled_runs_work_name_started_at",
                table: "scheduled_runs",
                columns: new[] { "work_name", "started_at" });

            migrationBuilder.CreateIndex(
                name: "IX_self_report_links_revoked_at_expires_at",
                table: "self_report_links",
                columns: new[] { "revoked_at", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "IX_self_report_links_stay_id",
                table: "self_report_links",
                column: "stay_id");

            migrationBuilder.CreateIndex(
                name: "IX_self_report_links_token_hash",
                table: "self_report_links",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_staff_jurisdiction_code_streak_start_id",
                table: "staff",
                columns: new[] { "jurisdiction_code", "streak_start", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_organisation_id",
                table: "staff",
                columns: new[] { "organisation", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_phone",
                table: "staff",
                column: "phone",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_staff_streak_start_streak_until",
                table: "staff",
                columns: new[] { "streak_start", "streak_until" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_streak_until",
                table: "staff",
                column: "streak_until");

            migrationBuilder.CreateIndex(
                name: "IX_staff_user_name",
                table: "staff",
                column: "user_name");

            migrationBuilder.CreateIndex(
                name: "IX_staff_care_staff_id_at",
                table: "staff_care",
                columns: new[] { "staff_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_deployments_jurisdiction_code_from",
                table: "staff_deployments",
                columns: new[] { "jurisdiction_code", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_deployments_staff_id_from",
                table: "staff_deployments",
                columns: new[] { "staff_id", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_staff_rest_days_staff_id_date",
                table: "staff_rest_days",
                columns: new[] { "staff_id", "date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_stay_notes_stay_id_at",
                table: "stay_notes",
                columns: new[] { "stay_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_contact_id",
                table: "stays",
                column: "contact_id");

            migrationBuilder.CreateIndex(
                name: "IX_stays_facility_id_status",
                table: "stays",
                columns: new[] { "facility_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_jurisdiction_code_status",
                table: "stays",
                columns: new[] { "jurisdiction_code", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_person_id_status",
                table: "stays",
                columns: new[] { "person_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_stays_room_id",
                table: "stays",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "IX_stays_transfer_id_person_id",
                table: "stays",
                columns: new[] { "transfer_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ux_stays_person_active",
                table: "stays",
                column: "person_id",
                unique: true,
                filter: "status = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_stored_files_owner_kind_owner_id",
                table: "stored_files",
                columns: new[] { "owner_kind", "owner_id" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_task_events_task_id_level",
                table: "supervised_task_events",
                columns: new[] { "task_id", "level" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_done_at_due_by",
                table: "supervised_tasks",
                columns: new[] { "done_at", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_done_at_escalation_level_due_by",
                table: "supervised_tasks",
                columns: new[] { "done_at", "escalation_level", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_jurisdiction_code_done_at_due_by",
                table: "supervised_tasks",
                columns: new[] { "jurisdiction_code", "done_at", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_next_escalation_at",
                table: "supervised_tasks",
                column: "next_escalation_at");

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_owner_user_done_at",
                table: "supervised_tasks",
                columns: new[] { "owner_user", "done_at" });

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
                name: "IX_trajectory_entries_case_id_from",
                table: "trajectory_entries",
                columns: new[] { "case_id", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_trajectory_notices_case_id",
                table: "trajectory_notices",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_trajectory_notices_community_code_drafted_at",
                table: "trajectory_notices",
                columns: new[] { "community_code", "drafted_at" });

            migrationBuilder.CreateIndex(
                name: "IX_transfer_people_person_id",
                table: "transfer_people",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_transfer_people_transfer_id_person_id",
                table: "transfer_people",
                columns: new[] { "transfer_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_transfers_facility_id_status",
                table: "transfers",
                columns: new[] { "facility_id", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_transfers_jurisdiction_code_status_due_by",
                table: "transfers",
                columns: new[] { "jurisdiction_code", "status", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_transfers_status_due_by",
                table: "transfers",
                columns: new[] { "status", "due_by" });

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

            migrationBuilder.CreateIndex(
                name: "IX_verification_taps_event_id",
                table: "verification_taps",
                column: "event_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_verification_taps_person_id",
                table: "verification_taps",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "IX_zone_cases_case_id",
                table: "zone_cases",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "IX_zone_proposals_case_id",
                table: "zone_proposals",
                column: "case_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_zone_proposals_community_code_status_created_at",
                table: "zone_proposals",
                columns: new[] { "community_code", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_steps_zone_id_at",
                table: "zone_steps",
                columns: new[] { "zone_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_building_id",
                table: "zone_targets",
                column: "building_id");

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_jurisdiction_code",
                table: "zone_targets",
                column: "jurisdiction_code");

            migrationBuilder.CreateIndex(
                name: "IX_zone_targets_zone_id",
                table: "zone_targets",
                column: "zone_id");

            migrationBuilder.CreateIndex(
                name: "IX_zones_community_code_status_level_eligible_on",
                table: "zones",
                columns: new[] { "community_code", "status", "level", "eligible_on" });

            migrationBuilder.CreateIndex(
                name: "IX_zones_status_level",
                table: "zones",
                columns: new[] { "status", "level" });

            // Quartz's own tables (qrtz_*), from the scripts its assembly ships for this database.
            Frontline.Platform.Scheduling.QuartzSchema.Up(migrationBuilder, postgres: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            Frontline.Platform.Scheduling.QuartzSchema.Down(migrationBuilder, postgres: false);

            migrationBuilder.DropTable(
                name: "api_tokens");

            migrationBuilder.DropTable(
                name: "assist_checks");

            migrationBuilder.DropTable(
                name: "audit");

            migrationBuilder.DropTable(
                name: "briefings");

            migrationBuilder.DropTable(
                name: "call_attempts");

            migrationBuilder.DropTable(
                name: "call_list_unmasks");

            migrationBuilder.DropTable(
                name: "case_events");

            migrationBuilder.DropTable(
                name: "cases");

            migrationBuilder.DropTable(
                name: "checkins");

            migrationBuilder.DropTable(
                name: "command_daily_figures");

            migrationBuilder.DropTable(
                name: "command_figure_days");

            migrationBuilder.DropTable(
                name: "companion_dismissals");

            migrationBuilder.DropTable(
                name: "contacts");

            migrationBuilder.DropTable(
                name: "coverage_counts");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "domain_events");

            migrationBuilder.DropTable(
                name: "facilities");

            migrationBuilder.DropTable(
                name: "health_checks");

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
                name: "inspection_finding_checks");

            migrationBuilder.DropTable(
                name: "inspection_findings");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "intake_failures");

            migrationBuilder.DropTable(
                name: "jurisdictions");

            migrationBuilder.DropTable(
                name: "lab_results");

            migrationBuilder.DropTable(
                name: "notice_reminders");

            migrationBuilder.DropTable(
                name: "notice_units");

            migrationBuilder.DropTable(
                name: "notices");

            migrationBuilder.DropTable(
                name: "persons");

            migrationBuilder.DropTable(
                name: "places");

            migrationBuilder.DropTable(
                name: "resident_request_steps");

            migrationBuilder.DropTable(
                name: "resident_requests");

            migrationBuilder.DropTable(
                name: "result_upload_errors");

            migrationBuilder.DropTable(
                name: "result_uploads");

            migrationBuilder.DropTable(
                name: "retest_orders");

            migrationBuilder.DropTable(
                name: "room_outages");

            migrationBuilder.DropTable(
                name: "roster_import_rejections");

            migrationBuilder.DropTable(
                name: "roster_imports");

            migrationBuilder.DropTable(
                name: "round_building_counts");

            migrationBuilder.DropTable(
                name: "samples");

            migrationBuilder.DropTable(
                name: "sampling_sites");

            migrationBuilder.DropTable(
                name: "scheduled_runs");

            migrationBuilder.DropTable(
                name: "self_report_links");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropTable(
                name: "staff");

            migrationBuilder.DropTable(
                name: "staff_care");

            migrationBuilder.DropTable(
                name: "staff_deployments");

            migrationBuilder.DropTable(
                name: "staff_rest_days");

            migrationBuilder.DropTable(
                name: "stay_notes");

            migrationBuilder.DropTable(
                name: "stays");

            migrationBuilder.DropTable(
                name: "stored_file_contents");

            migrationBuilder.DropTable(
                name: "supervised_task_events");

            migrationBuilder.DropTable(
                name: "temporary_controls");

            migrationBuilder.DropTable(
                name: "testing_exemptions");

            migrationBuilder.DropTable(
                name: "testing_rounds");

            migrationBuilder.DropTable(
                name: "trajectory_entries");

            migrationBuilder.DropTable(
                name: "trajectory_notices");

            migrationBuilder.DropTable(
                name: "transfer_people");

            migrationBuilder.DropTable(
                name: "transfers");

            migrationBuilder.DropTable(
                name: "tubes");

            migrationBuilder.DropTable(
                name: "verification_taps");

            migrationBuilder.DropTable(
                name: "zone_cases");

            migrationBuilder.DropTable(
                name: "zone_proposals");

            migrationBuilder.DropTable(
                name: "zone_steps");

            migrationBuilder.DropTable(
                name: "zone_targets");

            migrationBuilder.DropTable(
                name: "calls");

            migrationBuilder.DropTable(
                name: "identity_roles");

            migrationBuilder.DropTable(
                name: "identity_users");

            migrationBuilder.DropTable(
                name: "buildings");

            migrationBuilder.DropTable(
                name: "rooms");

            migrationBuilder.DropTable(
                name: "stored_files");

            migrationBuilder.DropTable(
                name: "supervised_tasks");

            migrationBuilder.DropTable(
                name: "zones");

            migrationBuilder.DropTable(
                name: "call_lists");
        }
    }
}
