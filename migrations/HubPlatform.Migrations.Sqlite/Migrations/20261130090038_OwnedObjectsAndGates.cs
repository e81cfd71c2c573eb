using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OwnedObjectsAndGates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "ObjectsPending",
                table: "repositories",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // Repositories made before objects belonged to repositories: start-up records what their trees reference.
            migrationBuilder.Sql("UPDATE repositories SET ObjectsPending = 1;");

            migrationBuilder.AddColumn<long>(
                name: "ReferencedAt",
                table: "blobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "access_requests",
                columns: table => new
                {
                    RepositoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    UserId = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    FieldsJson = table.Column<string>(type: "TEXT", nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_requests", x => new { x.RepositoryId, x.UserId });
                    table.ForeignKey(
                        name: "FK_access_requests_repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_access_requests_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "repo_objects",
                columns: table => new
                {
                    RepositoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UploaderId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_repo_objects", x => new { x.RepositoryId, x.Sha256 });
                    table.ForeignKey(
                        name: "FK_repo_objects_repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_RepositoryId_Status_Timestamp",
                table: "access_requests",
                columns: new[] { "RepositoryId", "Status", "Timestamp" });

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_UserId",
                table: "access_requests",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_repo_objects_Sha256",
                table: "repo_objects",
                column: "Sha256");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "access_requests");

            migrationBuilder.DropTable(
                name: "repo_objects");

            migrationBuilder.DropColumn(
                name: "ObjectsPending",
                table: "repositories");

            migrationBuilder.DropColumn(
                name: "ReferencedAt",
                table: "blobs");
        }
    }
}
