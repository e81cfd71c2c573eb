using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddRedirects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "redirects",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Type = table.Column<string>(type: "TEXT", nullable: false),
                    NamespaceLower = table.Column<string>(type: "TEXT", nullable: false),
                    NameLower = table.Column<string>(type: "TEXT", nullable: false),
                    RepositoryId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_redirects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_redirects_repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_redirects_RepositoryId",
                table: "redirects",
                column: "RepositoryId");

            migrationBuilder.CreateIndex(
                name: "IX_redirects_Type_NamespaceLower_NameLower",
                table: "redirects",
                columns: new[] { "Type", "NamespaceLower", "NameLower" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "redirects");
        }
    }
}
