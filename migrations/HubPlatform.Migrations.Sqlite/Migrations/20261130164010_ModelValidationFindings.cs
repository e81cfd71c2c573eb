using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ModelValidationFindings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Findings",
                table: "model_validations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Summary",
                table: "model_validations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Task",
                table: "model_validations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Verified",
                table: "model_validations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Findings",
                table: "model_validations");

            migrationBuilder.DropColumn(
                name: "Summary",
                table: "model_validations");

            migrationBuilder.DropColumn(
                name: "Task",
                table: "model_validations");

            migrationBuilder.DropColumn(
                name: "Verified",
                table: "model_validations");
        }
    }
}
