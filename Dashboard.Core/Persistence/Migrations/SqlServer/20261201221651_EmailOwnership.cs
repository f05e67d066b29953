using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Core.Persistence.Migrations.SqlServer
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
                type: "nvarchar(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Email",
                table: "Invitations",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Machines_AssignedUserId",
                table: "Machines",
                column: "AssignedUserId");

            // Assignments made before: only an account that proved the address holds its machines; the rest wait.
            migrationBuilder.Sql(@"UPDATE m SET m.[AssignedUserId] = u.[Id] FROM [Machines] m JOIN [AspNetUsers] u ON u.[NormalizedEmail] = UPPER(m.[AssignedUser]) AND u.[EmailConfirmed] = 1;");
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
