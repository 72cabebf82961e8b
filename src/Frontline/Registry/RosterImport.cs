using System.Data.Common;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public enum ImportMode { AllOrNothing, ValidRows }

public sealed record ImportResult(
    string ImportId, int Total, int Imported, int Updated, int Unchanged, int Rejected,
    IReadOnlyList<ImportError> Errors, bool ErrorsTruncated);

public sealed record ImportProgress(int RowsRead, double Fraction);

/// <summary>
/// Imports a community roster (.xlsx or .csv) row by row: validates every row with the person rules,
/// finds duplicates inside the file and conflicts with the registry, and writes new and changed
/// persons through Registry's bulk writer (<see cref="PersonWriter"/>: prepared statements, populations counted
/// in the same transaction). All-or-nothing mode writes nothing when any row is bad; valid-rows mode writes the
/// good rows. Re-importing a file changes nothing.
/// </summary>
public sealed class RosterImporter(
    IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, PersonRegistration registration, AuditLog audit, TimeProvider clock,
    ILogger<RosterImporter> log)
{
    public const int MaxErrorsReturned = 1000;
    /// <summary>Rejected rows kept for the "fix and re-import" download; past this only the count is kept.</summary>
    public const int MaxRejectionsKept = 100_000;
    /// <summary>
    /// The characters of rejected rows kept, their cells and errors as JSON, all rows together: 100,000 rejected
    /// roster rows of one error each take about 30 M (a million rows of four errors each: 100,000 kept in 39 M). Past
    /// this only the count is kept, so that neither the table nor its download (which holds the rows while it writes
    /// the sheet) grows with a file of long rows.
    /// </summary>
    public const int MaxRejectedCharsKept = 48_000_000;
    const int BatchSize = 2000;
    /// <summary>Rows per hand-over from the reader to the writer, and how many hand-overs may wait.</summary>
    const int ChunkSize = 500, ChunksAhead = 4;
    /// <summary>Valid-rows mode commits this often so a long import does not hold SQLite's write lock throughout.</summary>
    const int CommitEveryRows = 50_000;

    sealed record Pending(SpreadsheetRow Row, ValidPerson Person, bool HasPhone, bool HasRoom, bool HasType, bool HasNote);

    /// <summary>
    /// A row as the reader hands it to the writer: valid, or refused with its errors (of its fields, or the reader's
    /// own: a cell or the row over the limits); with the share of the file read on every 5,000th row; or the reader's
    /// failure, which ends the rows.
    /// </summary>
    readonly record struct Checked(SpreadsheetRow Row, Pending? Valid, List<FieldError>? Errors, double? Fraction, ExceptionDispatchInfo? Failure,
        List<ImportError>? Refused = null);

    sealed class Run(ImportMode mode, JurisdictionScope scope)
    {
        public int Total, Imported, Updated, Unchanged, Rejected, SinceCommit;
        public long RejectedCharsKept;
        public bool KeepingRejections = true;
        public readonly List<ImportError> Errors = [];
        public readonly List<RosterImportRejection> Rejections = [];
        public readonly HashSet<string> TouchedCommunities = [];
        /// <summary>Persons moved to another community since the last commit, audited in the commit that writes them.</summary>
        public readonly List<(long Person, string From, string To)> Moves = [];
        public readonly JurisdictionScope Scope = scope;
        public bool Writing => mode == ImportMode.ValidRows || Rejected == 0;
    }

    public async Task<ImportResult> ImportAsync(Caller caller, Stream file, string fileName, ImportMode mode,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        // A grid worker's roster would reach the whole community: the community imports it.
        if (caller.Scope.Grid is not null) throw new DomainException("grid-worker-not-allowed", StatusCodes.Status403Forbidden);
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var importId = Guid.NewGuid().ToString("N");
        var started = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var culture = CultureInfo.CurrentUICulture;
        var length = file.CanSeek ? Math.Max(1, file.Length) : 0;
        var map = RosterFile.Columns.Map(sheet.Header);
        var header = map.Header;
        var columnOf = map.ColumnOf.ToDictionary();

        var run = new Run(mode, caller.Scope);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        await using var writer = registration.Writer(connection, started);
        await writer.BeginAsync(ct);

        // Reading and checking the rows runs on its own thread, a few chunks ahead of the writes.
        var checkedRows = Channel.CreateBounded<List<Checked>>(new BoundedChannelOptions(ChunksAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => CheckRowsAsync(sheet, map, caller.Scope, today, culture, file, length, checkedRows.Writer, stop.Token), CancellationToken.None);
        var batch = new List<Pending>(BatchSize);
        try
        {
            await foreach (var chunk in checkedRows.Reader.ReadAllAsync(ct))
                foreach (var item in chunk)
                {
                    item.Failure?.Throw();
                    run.Total++;
                    if (item.Fraction is { } fraction) progress?.Report(new ImportProgress(run.Total, fraction));
                    if (item.Refused is not null)
                    {
                        Reject(run, item.Row, item.Refused, importId);
                        continue;
                    }
                    if (item.Errors is not null)
                    {
                        Reject(run, item.Row, header, columnOf, item.Errors, importId, culture);
                        continue;
                    }
                    batch.Add(item.Valid!);
                    if (batch.Count == BatchSize) await FlushAsync(batch, run, writer, header, columnOf, importId, culture, ct);
                    if (mode == ImportMode.ValidRows && run.SinceCommit >= CommitEveryRows)
                    {
                        await CommitAsync(db, writer, run, caller, importId, ct);
                        await writer.BeginAsync(ct);
                        run.SinceCommit = 0;
                    }
                }
            // A reader stopped by cancellation ends its rows early: that must not commit.
            await reading;
            await FlushAsync(batch, run, writer, header, columnOf, importId, culture, ct);
            if (run.Total == 0) throw new DomainException("empty-file", field: "file");
            if (run.Writing) await CommitAsync(db, writer, run, caller, importId, ct);
            else
            {
                await writer.RollbackAsync(ct);
                run.Imported = run.Updated = run.Unchanged = 0;
                run.TouchedCommunities.Clear();
                run.Moves.Clear();
            }
        }
        finally
        {
            await stop.CancelAsync();
            // The reader's own failure came through its rows; stopped, it fails with a cancellation nobody needs.
            try { await reading; }
            catch (Exception) { }
        }
        progress?.Report(new ImportProgress(run.Total, 1));

        // The name the person's browser sent: shown, logged and sent back in the rejected rows' download name.
        var name = FileNames.OfUpload(fileName);
        db.RosterImports.Add(new RosterImport
        {
            Id = importId, FileName = name, Mode = ModeCode(mode), UserName = caller.UserName,
            StartedAt = started, FinishedAt = clock.GetUtcNow().UtcDateTime, Total = run.Total, Imported = run.Imported,
            Updated = run.Updated, Unchanged = run.Unchanged, Rejected = run.Rejected,
            HeaderJson = JsonSerializer.Serialize(header),
        });
        db.Audit.Add(audit.Entry(caller, RegistryAuditActions.RosterImport, $"import:{importId}", caller.Scope.Code, detail: new
        {
            file = name, mode = ModeCode(mode), run.Total, run.Imported, run.Updated, run.Unchanged, run.Rejected,
        }));
        await db.SaveChangesAsync(ct);
        await SaveRejectionsAsync(connection, run.Rejections, ct);
        if (run.TouchedCommunities.Count > 0) await Database.RefreshStatisticsAsync(db, full: false, ct);
        log.LogInformation("Roster import {ImportId} of {File} by {User} ({Mode}): {Total} rows, {Imported} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected",
            importId, name, caller.UserName, ModeCode(mode), run.Total, run.Imported, run.Updated, run.Unchanged, run.Rejected);
        return new ImportResult(importId, run.Total, run.Imported, run.Updated, run.Unchanged, run.Rejected,
            run.Errors, run.Rejected > 0 && run.Errors.Count >= MaxErrorsReturned);
    }

    /// <summary>
    /// Reads the rows after the header and checks each one (person rules, duplicates inside the file), handing
    /// them on in file order, in chunks. A failure (an unreadable file) goes on as the last item, so the writer
    /// meets it after every row before it, as a single loop would.
    /// </summary>
    async Task CheckRowsAsync(SpreadsheetReader sheet, ColumnMap map, JurisdictionScope scope, DateOnly today, CultureInfo culture,
        Stream file, long length, ChannelWriter<List<Checked>> output, CancellationToken ct)
    {
        var communities = new Dictionary<string, (JurisdictionDirectory.Match, Jurisdiction?)>();
        var firstRowOfResidentId = new Dictionary<long, int>();
        var firstRowOfOtherDoc = new Dictionary<string, int>();
        var chunk = new List<Checked>(ChunkSize);
        var total = 0;
        using var rows = sheet.Rows().GetEnumerator();
        try
        {
            while (true)
            {
                Checked item;
                try
                {
                    if (!rows.MoveNext()) break;
                    var row = rows.Current;
                    total++;
                    // A row the reader could not hold whole (a cell or the row over the limits) is refused as it is.
                    if (row.Refused) item = new Checked(row, null, null, null, null, map.Problems(row, culture));
                    else
                    {
                        string? Cell(string field) => map.Cell(row, field);
                        var input = new PersonInput(Cell("name"), Cell("docType"), Cell("idNumber"), Cell("phone"), Cell("community"),
                            Cell("building"), Cell("room"), Cell("residentType"), Cell("note"));
                        var key = input.Community?.Trim();
                        if (!string.IsNullOrEmpty(key) && !communities.ContainsKey(key))
                            communities[key] = await directory.FindCommunityAsync(key, ct);
                        var (valid, errors) = PersonRules.Validate(input, k => communities[k], scope, today);
                        if (valid is null) item = new Checked(row, null, errors, null, null);
                        else if (FirstRowWith(valid, row.Number, firstRowOfResidentId, firstRowOfOtherDoc) is var firstRow && firstRow != row.Number)
                            item = new Checked(row, null, [new FieldError("idNumber", "duplicate-in-file", firstRow)], null, null);
                        else
                            item = new Checked(row, new Pending(row, valid, !string.IsNullOrWhiteSpace(input.Phone), !string.IsNullOrWhiteSpace(input.Room),
                                    !string.IsNullOrWhiteSpace(input.ResidentType), !string.IsNullOrWhiteSpace(input.Note)), null,
                                total % 5000 == 0 ? length == 0 ? 0 : Math.Min(1, (double)file.Position / length) : null, null);
                    }
                }
                catch (Exception e)
                {
                    chunk.Add(new Checked(default, null, null, null, ExceptionDispatchInfo.Capture(e)));
                    break;
                }
                chunk.Add(item);
                if (chunk.Count == ChunkSize)
                {
                    await output.WriteAsync(chunk, ct);
                    chunk = new List<Checked>(ChunkSize);
                }
            }
            if (chunk.Count > 0) await output.WriteAsync(chunk, ct);
        }
        finally
        {
            output.TryComplete();
        }
    }

    /// <summary>
    /// The rejected rows kept, in one transaction, 200 rows to a prepared statement: through the change tracker they
    /// took 200 µs a row on SQLite (a file of bad rows: 82,000 kept, 17 s holding its writer); a statement a row
    /// costs a round trip each on PostgreSQL.
    /// </summary>
    static async Task SaveRejectionsAsync(DbConnection connection, List<RosterImportRejection> rows, CancellationToken ct)
    {
        const int RowsPerStatement = 200;
        if (rows.Count == 0) return;
        await using var transaction = await connection.BeginTransactionAsync(ct);
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(RowsPerStatement))
            {
                var insert = chunk.Length == RowsPerStatement && full is not null ? full : Insert(chunk.Length);
                for (var i = 0; i < chunk.Length; i++)
                {
                    insert.Parameters[4 * i].Value = chunk[i].ImportId;
                    insert.Parameters[4 * i + 1].Value = chunk[i].Row;
                    insert.Parameters[4 * i + 2].Value = chunk[i].CellsJson;
                    insert.Parameters[4 * i + 3].Value = chunk[i].ErrorsJson;
                }
                if (chunk.Length == RowsPerStatement && full is null)
                {
                    await insert.PrepareAsync(ct);
                    full = insert;
                }
                await insert.ExecuteNonQueryAsync(ct);
                if (insert != full) await insert.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
        await transaction.CommitAsync(ct);

        DbCommand Insert(int count)
        {
            var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO roster_import_rejections (import_id, \"row\", cells_json, errors_json) VALUES " +
                string.Join(",", Enumerable.Range(0, count).Select(i => $"(@i{i}, @r{i}, @c{i}, @e{i})"));
            for (var i = 0; i < count; i++)
                foreach (var name in (string[])[$"@i{i}", $"@r{i}", $"@c{i}", $"@e{i}"])
                {
                    var p = insert.CreateParameter();
                    p.ParameterName = name;
                    insert.Parameters.Add(p);
                }
            return insert;
        }
    }

    public static string ModeCode(ImportMode mode) => mode == ImportMode.AllOrNothing ? "all-or-nothing" : "valid-rows";

    public static ImportMode? ParseMode(string? text) => text switch
    {
        null or "" or "all-or-nothing" => ImportMode.AllOrNothing,
        "valid-rows" => ImportMode.ValidRows,
        _ => null,
    };

    /// <summary>
    /// The row where this document first appears in the file. Resident IDs (nearly every row) are packed
    /// into a long exactly, so a million-row file needs tens of megabytes here, not hundreds.
    /// </summary>
    static int FirstRowWith(ValidPerson p, int row, Dictionary<long, int> residentIds, Dictionary<string, int> others)
    {
        if (p.DocType == DocType.ResidentId)
        {
            var key = long.Parse(p.DocNumber.AsSpan(0, 17), CultureInfo.InvariantCulture) * 11 + (p.DocNumber[17] == 'X' ? 10 : p.DocNumber[17] - '0');
            return residentIds.TryAdd(key, row) ? row : residentIds[key];
        }
        var other = $"{(int)p.DocType}|{p.DocNumber}";
        return others.TryAdd(other, row) ? row : others[other];
    }

    static void Reject(Run run, SpreadsheetRow row, string[] header, Dictionary<string, int> columnOf, List<FieldError> errors,
        string importId, CultureInfo culture)
    {
        // Words only for what is kept: past the errors listed and the rows kept, a refused row is only counted
        // (a file of a million bad rows is read at the speed of its good ones).
        if (run.Errors.Count >= MaxErrorsReturned && !run.KeepingRejections)
        {
            run.Rejected++;
            return;
        }
        var person = Masking.Name(columnOf.TryGetValue("name", out var n) && n < row.Cells.Length ? row.Cells[n]?.Trim() : null);
        Reject(run, row, errors.Select(e => new ImportError(row.Number,
            columnOf.TryGetValue(e.Field, out var i) && i < header.Length ? header[i] : e.Field,
            e.Code, ErrorCatalog.Message(e.Code, culture, e.Args)) { Person = string.IsNullOrEmpty(person) ? null : person }).ToList(), importId);
    }

    static void Reject(Run run, SpreadsheetRow row, List<ImportError> described, string importId)
    {
        run.Rejected++;
        foreach (var e in described)
            if (run.Errors.Count < MaxErrorsReturned) run.Errors.Add(e);
        if (!run.KeepingRejections) return;
        // The cells as the reader kept them: a cell over its limit is already cut and marked.
        var cells = JsonSerializer.Serialize(row.Cells);
        var words = JsonSerializer.Serialize(described.Select(e => new { e.Column, e.Code, e.Message }));
        if (run.Rejections.Count >= MaxRejectionsKept || run.RejectedCharsKept + cells.Length + words.Length > MaxRejectedCharsKept)
        {
            run.KeepingRejections = false;
            return;
        }
        run.RejectedCharsKept += cells.Length + words.Length;
        run.Rejections.Add(new RosterImportRejection { ImportId = importId, Row = row.Number, CellsJson = cells, ErrorsJson = words });
    }

    /// <summary>
    /// Commits the writer's transaction with the audit entries of the moves in it: each move is recorded twice, under the
    /// community the person left and under the one they joined, so that both sides' auditors see it.
    /// </summary>
    async Task CommitAsync(FrontlineDb db, PersonWriter writer, Run run, Caller caller, string importId, CancellationToken ct)
    {
        if (run.Moves.Count > 0)
        {
            await db.Database.UseTransactionAsync(writer.Transaction, ct);
            foreach (var (person, from, to) in run.Moves)
                foreach (var jurisdiction in new[] { from, to })
                    db.Audit.Add(audit.Entry(caller, RegistryAuditActions.PersonMove, $"person:{person}", jurisdiction,
                        detail: new { from, to, import = importId }));
            await db.SaveChangesAsync(ct);
            await db.Database.UseTransactionAsync(null, ct);
            db.ChangeTracker.Clear();
            run.Moves.Clear();
        }
        await writer.CommitAsync(ct);
    }

    async Task FlushAsync(List<Pending> batch, Run run, PersonWriter writer, string[] header, Dictionary<string, int> columnOf,
        string importId, CultureInfo culture, CancellationToken ct)
    {
        if (batch.Count == 0) return;
        var existing = await writer.FindExistingAsync(batch.Select(b => b.Person.DocNumber).ToList(), ct);
        foreach (var item in batch)
        {
            var p = item.Person;
            existing.TryGetValue((p.DocType, p.DocNumber), out var current);
            // An existing person is changed only in the caller's jurisdiction: a row naming someone of another community,
            // under whatever name, is refused as out of scope and tells nothing about them (a different answer for the
            // right name would let a worker try names against residents they cannot see). A move between communities is
            // deliberate on both sides: a caller whose scope covers both makes it; otherwise the community the person left
            // records them as moved out at its household check, and the community they joined registers them here.
            // Either way the move is audited under both communities (CommitAsync).
            if (current is not null && !run.Scope.Contains(current.CommunityCode)
                && !(current.Verification == VerificationStatus.MovedOut && current.Name == p.Name))
            {
                Reject(run, item.Row, header, columnOf, [new FieldError("idNumber", "out-of-scope")], importId, culture);
                continue;
            }
            if (current is not null && current.Name != p.Name)
            {
                Reject(run, item.Row, header, columnOf, [new FieldError("idNumber", "conflicts-with-existing")], importId, culture);
                continue;
            }
            if (!run.Writing) continue;
            if (current is null)
            {
                var buildingId = await writer.BuildingIdAsync(p.CommunityCode, p.Building, ct);
                await writer.InsertAsync(p, buildingId, ct);
                run.Imported++;
                run.TouchedCommunities.Add(p.CommunityCode);
            }
            else
            {
                var buildingId = await writer.BuildingIdAsync(p.CommunityCode, p.Building, ct);
                var moving = current.CommunityCode != p.CommunityCode;
                var next = current with
                {
                    Phone = item.HasPhone ? p.Phone : current.Phone,
                    CommunityCode = p.CommunityCode,
                    BuildingId = buildingId,
                    Room = item.HasRoom ? p.Room : current.Room,
                    Floor = item.HasRoom ? p.Floor : current.Floor,
                    ResidentType = item.HasType ? p.ResidentType : current.ResidentType,
                    Note = item.HasNote ? p.Note : current.Note,
                    Verification = moving ? VerificationStatus.Unverified : current.Verification,
                };
                if (next == current) run.Unchanged++;
                else
                {
                    await writer.UpdateAsync(current, next, ct);
                    run.Updated++;
                    run.TouchedCommunities.Add(current.CommunityCode);
                    run.TouchedCommunities.Add(p.CommunityCode);
                    if (moving) run.Moves.Add((current.Id, current.CommunityCode, p.CommunityCode));
                }
            }
            run.SinceCommit++;
        }
        batch.Clear();
    }
}
