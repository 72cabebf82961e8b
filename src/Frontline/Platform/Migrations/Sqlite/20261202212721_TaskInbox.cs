using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Frontline.Platform.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "accepted_at",
                table: "supervised_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "created_by",
                table: "supervised_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "escalation_level",
                table: "supervised_tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "next_escalation_at",
                table: "supervised_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_team",
                table: "supervised_tasks",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_user",
                table: "supervised_tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_done_at_escalation_level_due_by",
                table: "supervised_tasks",
                columns: new[] { "done_at", "escalation_level", "due_by" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_next_escalation_at",
                table: "supervised_tasks",
                column: "next_escalation_at");

            migrationBuilder.CreateIndex(
                name: "IX_supervised_tasks_owner_user_done_at",
                table: "supervised_tasks",
                columns: new[] { "owner_user", "done_at" });

            migrationBuilder.CreateIndex(
                name: "IX_supervised_task_events_task_id_level",
                table: "supervised_task_events",
                columns: new[] { "task_id", "level" },
                unique: true);

            // Tasks open before the ladder was recorded climb from their due time at the job's first run.
            migrationBuilder.Sql("UPDATE supervised_tasks SET next_escalation_at = due_by WHERE done_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "supervised_task_events");

            migrationBuilder.DropIndex(
                name: "IX_supervised_tasks_done_at_escalation_level_due_by",
                table: "supervised_tasks");

            migrationBuilder.DropIndex(
                name: "IX_supervised_tasks_next_escalation_at",
                table: "supervised_tasks");

            migrationBuilder.DropIndex(
                name: "IX_supervised_tasks_owner_user_done_at",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "accepted_at",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "created_by",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "escalation_level",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "next_escalation_at",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "owner_team",
                table: "supervised_tasks");

            migrationBuilder.DropColumn(
                name: "owner_user",
                table: "supervised_tasks");
        }
    }
}
