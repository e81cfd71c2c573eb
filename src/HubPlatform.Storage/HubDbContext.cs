using HubPlatform.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HubPlatform.Storage;

/// <summary>What exists in the mirror. The provider is chosen by the host (SQLite by default).</summary>
public class HubDbContext(DbContextOptions<HubDbContext> options) : DbContext(options)
{
    public DbSet<RepositoryEntity> Repositories => Set<RepositoryEntity>();

    public DbSet<RefEntity> Refs => Set<RefEntity>();

    public DbSet<CommitEntity> Commits => Set<CommitEntity>();

    public DbSet<CommitFileEntity> CommitFiles => Set<CommitFileEntity>();

    public DbSet<BlobEntity> Blobs => Set<BlobEntity>();

    public DbSet<TreeEntity> Trees => Set<TreeEntity>();

    public DbSet<GitBlobEntity> GitBlobs => Set<GitBlobEntity>();

    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<MembershipEntity> Memberships => Set<MembershipEntity>();

    public DbSet<TokenEntity> Tokens => Set<TokenEntity>();

    public DbSet<RedirectEntity> Redirects => Set<RedirectEntity>();

    public DbSet<RepoObjectEntity> RepoObjects => Set<RepoObjectEntity>();

    public DbSet<AccessRequestEntity> AccessRequests => Set<AccessRequestEntity>();

    public DbSet<JobEntity> Jobs => Set<JobEntity>();

    public DbSet<DatasetFileEntity> DatasetFiles => Set<DatasetFileEntity>();

    public DbSet<DatasetRevisionEntity> DatasetRevisions => Set<DatasetRevisionEntity>();

    public DbSet<DatasetStatisticsEntity> DatasetStatistics => Set<DatasetStatisticsEntity>();

    public DbSet<DatasetConversionEntity> DatasetConversions => Set<DatasetConversionEntity>();

    public DbSet<ModelValidationEntity> ModelValidations => Set<ModelValidationEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // SQLite cannot compare DateTimeOffset text; as UTC ticks the columns sort and compare correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<RepositoryEntity>(e =>
        {
            e.ToTable("repositories");
            e.HasIndex(r => new { r.Type, r.NamespaceLower, r.NameLower }).IsUnique();
            e.HasIndex(r => r.ObjectId).IsUnique();
        });
        modelBuilder.Entity<RefEntity>(e =>
        {
            e.ToTable("refs");
            e.HasKey(r => new { r.RepositoryId, r.Name });
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(r => r.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CommitEntity>(e =>
        {
            e.ToTable("commits");
            e.HasKey(c => new { c.RepositoryId, c.Id });
            e.HasIndex(c => new { c.RepositoryId, c.Sequence });

            // Holds only commits not converted to trees yet (none once a data folder is converted), so the converter's
            // look at start-up costs nothing however long the history.
            e.HasIndex(c => c.RootTreeId).HasFilter("RootTreeId IS NULL").HasDatabaseName("IX_commits_unconverted");
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(c => c.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CommitFileEntity>(e =>
        {
            e.ToTable("commit_files");
            e.HasKey(f => new { f.RepositoryId, f.CommitId, f.Path });
            e.HasIndex(f => f.Sha256);
            e.HasOne<CommitEntity>().WithMany().HasForeignKey(f => new { f.RepositoryId, f.CommitId }).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TreeEntity>(e =>
        {
            e.ToTable("trees");
            e.HasIndex(t => t.RepositoryId);
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(t => t.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<GitBlobEntity>(e =>
        {
            e.ToTable("git_blobs");
            e.HasKey(b => b.BlobId);
        });
        modelBuilder.Entity<BlobEntity>(e =>
        {
            e.ToTable("blobs");
            e.HasKey(b => b.Sha256);
            // Rows written before pull-through existed are all present; the sentinel lets EF send an explicit false.
            e.Property(b => b.Present).HasDefaultValue(true).HasSentinel(true);
            e.HasIndex(b => new { b.Pulled, b.Present, b.LastUsedAt });
        });
        modelBuilder.Entity<UserEntity>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.NameLower).IsUnique();
        });
        modelBuilder.Entity<MembershipEntity>(e =>
        {
            e.ToTable("memberships");
            e.HasKey(m => new { m.UserId, m.OrganizationId });
        });
        modelBuilder.Entity<RedirectEntity>(e =>
        {
            e.ToTable("redirects");
            e.HasIndex(r => new { r.Type, r.NamespaceLower, r.NameLower }).IsUnique();
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(r => r.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RepoObjectEntity>(e =>
        {
            e.ToTable("repo_objects");
            e.HasKey(o => new { o.RepositoryId, o.Sha256 });
            e.HasIndex(o => o.Sha256);
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(o => o.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<AccessRequestEntity>(e =>
        {
            e.ToTable("access_requests");
            e.HasKey(a => new { a.RepositoryId, a.UserId });
            e.HasIndex(a => new { a.RepositoryId, a.Status, a.Timestamp });
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(a => a.RepositoryId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<UserEntity>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<JobEntity>(e =>
        {
            e.ToTable("jobs");
            e.HasIndex(j => new { j.Kind, j.RepositoryId, j.CommitId, j.Path }).IsUnique();
            e.HasIndex(j => new { j.Status, j.NotBefore });
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(j => j.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DatasetFileEntity>(e =>
        {
            e.ToTable("dataset_files");
            e.HasKey(f => f.Sha256);
        });
        modelBuilder.Entity<DatasetStatisticsEntity>(e =>
        {
            e.ToTable("dataset_statistics");
            e.HasKey(f => f.Key);
        });
        modelBuilder.Entity<ModelValidationEntity>(e =>
        {
            e.ToTable("model_validations");
            e.HasIndex(v => new { v.RepositoryId, v.CommitId }).IsUnique();
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(v => v.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DatasetConversionEntity>(e =>
        {
            e.ToTable("dataset_conversions");
            e.HasIndex(c => new { c.RepositoryId, c.SourceKey }).IsUnique();
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(c => c.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<DatasetRevisionEntity>(e =>
        {
            e.ToTable("dataset_revisions");
            e.HasIndex(r => new { r.RepositoryId, r.CommitId }).IsUnique();
            e.HasOne<RepositoryEntity>().WithMany().HasForeignKey(r => r.RepositoryId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<TokenEntity>(e =>
        {
            e.ToTable("tokens");
            e.HasIndex(t => t.Hash).IsUnique();
            e.HasOne<UserEntity>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
