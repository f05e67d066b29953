using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpotRecovery : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
