using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HubPlatform.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search over ids, tags and card text; trigram tokens so a term matches inside words, as the Hub's search does.
            migrationBuilder.Sql("CREATE VIRTUAL TABLE repo_search USING fts5(repo_id UNINDEXED, name, tags, card, tokenize = 'trigram');");
            migrationBuilder.Sql("INSERT INTO repo_search (repo_id, name, tags, card) SELECT \"Id\", \"Namespace\" || '/' || \"Name\", \"Tags\", '' FROM repositories;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE repo_search;");
        }
    }
}
