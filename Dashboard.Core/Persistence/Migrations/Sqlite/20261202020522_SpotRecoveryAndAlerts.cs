using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpotRecoveryAndAlerts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SpotFallbackAfterAttempts",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SpotFallbackAfterMinutes",
                table: "Sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SpotRecovery",
                table: "Sessions",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "FellBackFromSpot",
                table: "Machines",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "NotificationReadMarks",
                columns: table => new
                {
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ReadUpTo = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationReadMarks", x => x.Recipient);
                });

            migrationBuilder.CreateTable(
                name: "SpotNotifications",
                columns: table => new
                {
                    Number = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EventId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    IsAlert = table.Column<bool>(type: "INTEGER", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionName = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    OwnerKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    MachineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MachineName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Size = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpotNotifications", x => x.Number);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SpotNotifications_EventId",
                table: "SpotNotifications",
                column: "EventId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpotNotifications_OwnerKey_Number",
                table: "SpotNotifications",
                columns: new[] { "OwnerKey", "Number" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationReadMarks");

            migrationBuilder.DropTable(
                name: "SpotNotifications");

            migrationBuilder.DropColumn(
                name: "SpotFallbackAfterAttempts",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "SpotFallbackAfterMinutes",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "SpotRecovery",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "FellBackFromSpot",
                table: "Machines");
        }
    }
}
