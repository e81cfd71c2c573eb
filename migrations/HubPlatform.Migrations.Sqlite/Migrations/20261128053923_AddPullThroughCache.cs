using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddPullThroughCache : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FromUpstream",
                table: "repositories",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "UpstreamCheckedAt",
                table: "repositories",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastUsedAt",
                table: "blobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Present",
                table: "blobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "Pulled",
                table: "blobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_blobs_Pulled_Present_LastUsedAt",
                table: "blobs",
                columns: new[] { "Pulled", "Present", "LastUsedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_blobs_Pulled_Present_LastUsedAt",
                table: "blobs");

            migrationBuilder.DropColumn(
                name: "FromUpstream",
                table: "repositories");

            migrationBuilder.DropColumn(
                name: "UpstreamCheckedAt",
                table: "repositories");

            migrationBuilder.DropColumn(
                name: "LastUsedAt",
                table: "blobs");

            migrationBuilder.DropColumn(
                name: "Present",
                table: "blobs");

            migrationBuilder.DropColumn(
                name: "Pulled",
                table: "blobs");
        }
    }
}
