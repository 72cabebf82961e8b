using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Platform;

public sealed class AppUser : IdentityUser
{
    /// <summary>12-digit code of the jurisdiction the user works for (15 digits: a grid); every query is limited to it.</summary>
    public string JurisdictionCode { get; set; } = "";
    public string DisplayName { get; set; } = "";
}

/// <summary>A bearer token for devices, labs and scripts: stored only as its SHA-256, expiring, revocable.</summary>
public sealed class ApiToken
{
    public long Id { get; set; }
    public required string TokenHash { get; set; }
    public required string UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>Append-only: who did what to which record, when and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string UserName { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }
    public string? JurisdictionCode { get; set; }
    public string? Reason { get; set; }
    public string? Detail { get; set; }
    public string? Ip { get; set; }
}

/// <summary>Small durable settings, such as which policy set was last active.</summary>
public sealed class AppSetting
{
    public required string Key { get; set; }
    public required string Value { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// The one EF Core context. Each provider has its own subclass so that each carries its own
/// migrations (EF ties migrations to a context type); the model is the same.
/// </summary>
public abstract class FrontlineDb(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Cookie and antiforgery keys live in the database, so every node of a scale-out reads the same ones.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();
    public DbSet<AppSetting> Settings => Set<AppSetting>();

    public bool IsPostgres => Database.ProviderName?.Contains("Npgsql") == true;

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        // Each module contributes its tables by writing their IEntityTypeConfiguration beside its entities;
        // Platform names none of them.
        model.ApplyConfigurationsFromAssembly(typeof(FrontlineDb).Assembly);

        // Raw SQL on the hot paths is written once for both providers: snake_case, unquoted.
        foreach (var entity in model.Model.GetEntityTypes())
        {
            var table = entity.GetTableName();
            if (table is not null && table.StartsWith("AspNet", StringComparison.Ordinal)) entity.SetTableName("identity_" + SnakeCase(table[6..]));
            if (entity.ClrType == typeof(DataProtectionKey)) entity.SetTableName("data_protection_keys");
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
                // Byte order on PostgreSQL as on SQLite: prefix ranges over codes, names and document
                // numbers then use the plain b-tree index, whatever the database's locale.
                if (this is PostgresFrontlineDb && property.ClrType == typeof(string) && BinaryOrdered.Contains(property.Name))
                    property.SetCollation("C");
            }
        }
    }

    static readonly HashSet<string> BinaryOrdered = ["Code", "CommunityCode", "ParentCode", "JurisdictionCode", "DocNumber", "Name"];

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

public sealed class SqliteFrontlineDb(DbContextOptions<SqliteFrontlineDb> options) : FrontlineDb(options);

public sealed class PostgresFrontlineDb(DbContextOptions<PostgresFrontlineDb> options) : FrontlineDb(options);

sealed class PlatformConfiguration : IEntityTypeConfiguration<ApiToken>, IEntityTypeConfiguration<AuditEntry>,
    IEntityTypeConfiguration<AppSetting>, IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<ApiToken> e)
    {
        e.ToTable("api_tokens");
        e.Property(t => t.TokenHash).HasMaxLength(64);
        e.HasIndex(t => t.TokenHash).IsUnique();
        e.HasIndex(t => t.UserId);
    }

    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        e.ToTable("audit");
        e.Property(a => a.UserName).HasMaxLength(64);
        e.Property(a => a.Action).HasMaxLength(64);
        e.Property(a => a.Subject).HasMaxLength(128);
        e.Property(a => a.JurisdictionCode).HasMaxLength(15);
        e.Property(a => a.Reason).HasMaxLength(500);
        e.Property(a => a.Ip).HasMaxLength(64);
        e.HasIndex(a => a.At);
        e.HasIndex(a => new { a.UserName, a.At });
        e.HasIndex(a => new { a.Action, a.At });
    }

    public void Configure(EntityTypeBuilder<AppSetting> e)
    {
        e.ToTable("settings");
        e.HasKey(s => s.Key);
        e.Property(s => s.Key).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.Property(u => u.JurisdictionCode).HasMaxLength(15);
        e.Property(u => u.DisplayName).HasMaxLength(64);
    }
}
