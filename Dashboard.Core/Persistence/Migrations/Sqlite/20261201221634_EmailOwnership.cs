using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EmailOwnership : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AssignedUserId",
                table: "Machines",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Invitations",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Machines_AssignedUserId",
                table: "Machines",
                column: "AssignedUserId");

            // Assignments made before: only an account that proved the address holds its machines; the rest wait.
            migrationBuilder.Sql(@"UPDATE ""Machines"" SET ""AssignedUserId"" = (SELECT ""Id"" FROM ""AspNetUsers"" WHERE ""NormalizedEmail"" = UPPER(""Machines"".""AssignedUser"") AND ""EmailConfirmed"" = 1 LIMIT 1) WHERE ""AssignedUser"" IS NOT NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Machines_AssignedUserId",
                table: "Machines");

            migrationBuilder.DropColumn(
                name: "AssignedUserId",
                table: "Machines");

            migrationBuilder.DropColumn(
                name: "Email",
                table: "Invitations");
        }
    }
}
