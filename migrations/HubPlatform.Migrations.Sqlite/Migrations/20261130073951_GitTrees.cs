using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GitTrees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RootTreeId",
                table: "commits",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "git_blobs",
                columns: table => new
                {
                    BlobId = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_git_blobs", x => x.BlobId);
                });

            migrationBuilder.CreateTable(
                name: "trees",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RepositoryId = table.Column<long>(type: "INTEGER", nullable: false),
                    GitId = table.Column<string>(type: "TEXT", nullable: true),
                    FileCount = table.Column<long>(type: "INTEGER", nullable: false),
                    TotalSize = table.Column<long>(type: "INTEGER", nullable: false),
                    Data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_trees", x => x.Id);
                    table.ForeignKey(
                        name: "FK_trees_repositories_RepositoryId",
                        column: x => x.RepositoryId,
                        principalTable: "repositories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_commits_unconverted",
                table: "commits",
                column: "RootTreeId",
                filter: "RootTreeId IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_trees_RepositoryId",
                table: "trees",
                column: "RepositoryId");

            // The content of every regular file committed so far, by git blob id. The commits' trees are built from
            // commit_files in C# (git hashing), by LegacyTreeConverter right after the migrations run.
            migrationBuilder.Sql("INSERT OR IGNORE INTO git_blobs (BlobId, Sha256) SELECT BlobId, Sha256 FROM commit_files WHERE Lfs = 0;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "git_blobs");

            migrationBuilder.DropTable(
                name: "trees");

            migrationBuilder.DropIndex(
                name: "IX_commits_unconverted",
                table: "commits");

            migrationBuilder.DropColumn(
                name: "RootTreeId",
                table: "commits");
        }
    }
}
