using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Frontline.Platform.Scheduling;

/// <summary>
/// Quartz's own table scripts for the Scheduler migration: the fresh-install scripts Quartz ships inside its assembly
/// (what its store would run for itself under SchemaProvisioning.CreateIfMissing), so the <c>qrtz_</c> tables are exactly
/// the ones the referenced Quartz version validates. They run in a migration, with the app's other tables, rather than
/// at the scheduler's start: the server's database account then needs no DDL at run time, and a database's schema is
/// what its migrations history says.
/// </summary>
public static partial class QuartzSchema
{
    const string StatementSeparator = "--;;";

    /// <summary>The statements creating the schema, prefix applied; each one creates only what is missing.</summary>
    public static IReadOnlyList<string> CreateStatements(bool postgres)
    {
        var resource = $"Quartz.Impl.AdoJobStore.Schema.create_{(postgres ? "postgres" : "sqlite")}.sql";
        using var stream = typeof(Quartz.IScheduler).Assembly.GetManifestResourceStream(resource);
        if (stream is null)
            throw new InvalidOperationException($"The Quartz assembly no longer carries {resource}: check the Scheduler migration against the new Quartz version");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", ScheduledWorkScheduler.TablePrefix).Replace("{1}", ScheduledWorkScheduler.TablePrefix);
        // The separator is a line of its own: the script's header mentions it inside a comment line too.
        var statements = new List<string>();
        var current = new List<string>();
        foreach (var line in script.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.Trim() == StatementSeparator)
            {
                statements.Add(WithoutComments(current));
                current.Clear();
            }
            else current.Add(line);
        }
        statements.Add(WithoutComments(current));
        return statements.Where(s => s.Length > 0).ToList();
    }

    /// <summary>The tables the script creates, in the order created; dropped in reverse (foreign keys point backwards).</summary>
    public static IReadOnlyList<string> Tables(bool postgres) =>
        CreateStatements(postgres).Select(s => CreateTable().Match(s)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    public static void Up(MigrationBuilder migrationBuilder, bool postgres)
    {
        foreach (var statement in CreateStatements(postgres)) migrationBuilder.Sql(statement);
    }

    public static void Down(MigrationBuilder migrationBuilder, bool postgres)
    {
        foreach (var table in Tables(postgres).Reverse()) migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
    }

    static string WithoutComments(List<string> lines) =>
        string.Join('\n', lines.Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [GeneratedRegex(@"^CREATE TABLE (?:IF NOT EXISTS )?([A-Za-z0-9_\.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();
}
