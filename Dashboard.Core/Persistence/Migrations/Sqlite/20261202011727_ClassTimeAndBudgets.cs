using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClassTimeAndBudgets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "AutoStopAfterHours",
                table: "Sessions",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "Budget",
                table: "Sessions",
                type: "TEXT",
                precision: 18,
                scale: 2,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BudgetStoppedAt",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "BudgetWarnedAt",
                table: "Sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "QuotaHoursPerStudent",
                table: "Sessions",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScheduleProblem",
                table: "Sessions",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "StudentsMayPostpone",
                table: "Sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "PlannedStops",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MachineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlannedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    WarnedAtMinutes = table.Column<int>(type: "INTEGER", nullable: true),
                    Skipped = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DoneAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlannedStops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QuotaAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UsedHours = table.Column<double>(type: "REAL", nullable: false),
                    ExtraHours = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QuotaRuns",
                columns: table => new
                {
                    MachineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CountedUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QuotaRuns", x => x.MachineId);
                });

            migrationBuilder.CreateTable(
                name: "ScheduleRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Days = table.Column<int>(type: "INTEGER", nullable: false),
                    StartTime = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    StopTime = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StartAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    StopAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduleRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScheduleRules_Sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "Sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlannedStops_DoneAt",
                table: "PlannedStops",
                column: "DoneAt");

            migrationBuilder.CreateIndex(
                name: "IX_PlannedStops_MachineId_Reason_PlannedAt",
                table: "PlannedStops",
                columns: new[] { "MachineId", "Reason", "PlannedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QuotaAccounts_SessionId_UserId",
                table: "QuotaAccounts",
                columns: new[] { "SessionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduleRules_SessionId",
                table: "ScheduleRules",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlannedStops");

            migrationBuilder.DropTable(
                name: "QuotaAccounts");

            migrationBuilder.DropTable(
                name: "QuotaRuns");

            migrationBuilder.DropTable(
                name: "ScheduleRules");

            migrationBuilder.DropColumn(
                name: "AutoStopAfterHours",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "Budget",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "BudgetStoppedAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "BudgetWarnedAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "QuotaHoursPerStudent",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ScheduleProblem",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "StudentsMayPostpone",
                table: "Sessions");
        }
    }
}
