using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Frontline.Platform;
using NpgsqlTypes;

namespace Frontline.Registry;

/// <summary>
/// A person registered on the spot: the id, whether this registration wrote them (false: the same document was
/// registered a moment before, by another batch or at the door), and the facts other modules count them by.
/// </summary>
public sealed record RegisteredPerson(long Id, bool Created, string CommunityCode, DateOnly? BirthDate, long BuildingId);

/// <summary>
/// Registry's way for persons to enter the registry and to move between communities, and with them the
/// communities' populations (jurisdictions.population: what coverage and the jurisdiction tree count). Every
/// writer moves the populations in the same transaction as the person rows, so that no reader ever sees a person
/// without their count or a count without its person:
/// the roster import and the demo seed write in bulk through <see cref="Writer"/>; a sampling site registers a
/// floating resident inside its scan batch's transaction through <see cref="RegisterAsync"/>; a newcomer at the
/// door or a person added by the API goes through <see cref="Persons.CreateAsync"/>, and a household check that
/// moves someone out or back through <see cref="Persons.VerifyAsync"/>, both counting here.
/// Populations move by increments, not recounts: on PostgreSQL an UPDATE … SET population = (SELECT COUNT(*) …)
/// counts from its own statement's snapshot and loses a registration committed while it waited for the row's lock;
/// an increment is applied to the row as that other transaction left it.
/// </summary>
public sealed class PersonRegistration(TimeProvider clock)
{
    /// <summary>The columns a new person's row is written with, in the order of the INSERTs' values and the COPY's fields.</summary>
    internal const string PersonColumns =
        "name, doc_type, doc_number, phone, community_code, building_id, room, floor, resident_type, birth_date, note, verification, needs_verification, created_at, updated_at";

    /// <summary>Where floating residents registered at a sampling site wait for a community worker to place them.</summary>
    public const string UnplacedBuilding = "待核实人员（采样登记）";

    /// <summary>
    /// The person a sampling site may register from the scan of an unknown document: a name and a valid mainland
    /// phone are required (the site cannot check more), and the person is floating in the site's community until
    /// a community worker places them. Null when the scan does not carry enough.
    /// </summary>
    public static ValidPerson? AtSamplingSite(string docNumber, string? name, string? phone, string communityCode, string siteCode)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || TextRules.Check(trimmed, PersonRules.MaxName) is not null) return null;
        if (IdentityDocuments.ValidatePhone(phone, out var validPhone) is not null) return null;
        var docType = docNumber.Length == 18 ? DocType.ResidentId : DocType.Passport;
        return new ValidPerson(trimmed, docType, docNumber, validPhone, communityCode, UnplacedBuilding, null, null,
            ResidentType.Floating, $"采样点 {siteCode} 登记");
    }

    /// <summary>The bulk writer (roster import, demo seed) on a connection, in transactions of its own; call its BeginAsync first.</summary>
    public PersonWriter Writer(DbConnection connection, DateTime now) => new(connection, now);

    /// <summary>
    /// Registers persons on the spot inside the caller's transaction (a scan batch), flagged for a community worker
    /// to verify, and moves their communities' populations in that same transaction. A document already registered
    /// is not written again: its person is given back with <see cref="RegisteredPerson.Created"/> false.
    /// </summary>
    public async Task<IReadOnlyList<RegisteredPerson>> RegisterAsync(Caller caller, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<ValidPerson> persons, CancellationToken ct)
    {
        if (persons.Count == 0) return [];
        if (persons.FirstOrDefault(p => !caller.Scope.Contains(p.CommunityCode)) is not null)
            throw new DomainException("out-of-scope", StatusCodes.Status403Forbidden, "community");
        var now = clock.GetUtcNow().UtcDateTime;
        var buildings = new Dictionary<(string, string), long>();
        // ON CONFLICT: on PostgreSQL another batch may be registering the same document right now; this waits for it
        // and takes its person instead of failing the whole batch on the unique index.
        await using var insert = Sql.Command(connection, transaction, $"""
            INSERT INTO persons ({PersonRegistration.PersonColumns})
            VALUES (@name, @doc_type, @doc_number, @phone, @community_code, @building_id, @room, @floor, @resident_type,
                @birth_date, @note, 0, @needs, @now, @now)
            ON CONFLICT (doc_number, doc_type) DO NOTHING RETURNING id
            """,
            "@name", "@doc_type", "@doc_number", "@phone", "@community_code", "@building_id", "@room", "@floor", "@resident_type", "@birth_date", "@note", "@needs", "@now");
        insert.Set("@needs", true);
        insert.Set("@now", now);
        var registered = new List<RegisteredPerson>(persons.Count);
        var populations = new Dictionary<string, int>();
        foreach (var p in persons)
        {
            if (!buildings.TryGetValue((p.CommunityCode, p.Building), out var buildingId))
                buildings[(p.CommunityCode, p.Building)] = buildingId = await BuildingIdAsync(connection, transaction, p.CommunityCode, p.Building, ct);
            PersonWriter.SetPerson(insert, p, buildingId);
            if (await insert.ExecuteScalarAsync(ct) is { } id and not DBNull)
            {
                registered.Add(new RegisteredPerson(Convert.ToInt64(id), true, p.CommunityCode, p.BirthDate, buildingId));
                populations[p.CommunityCode] = populations.GetValueOrDefault(p.CommunityCode) + 1;
                continue;
            }
            await using var existing = Sql.Command(connection, transaction,
                "SELECT id, community_code, birth_date, building_id FROM persons WHERE doc_number = @d AND doc_type = @t", "@d", "@t");
            existing.Set("@d", p.DocNumber);
            existing.Set("@t", (int)p.DocType);
            registered.Add((await Sql.ReadAsync(existing, r => new RegisteredPerson(r.GetInt64(0), false, r.GetString(1),
                r.IsDBNull(2) ? null : r.GetFieldValue<DateOnly>(2), r.GetInt64(3)), ct)).Single());
        }
        await CountAsync(connection, transaction, populations, ct);
        return registered;
    }

    /// <summary>
    /// Takes back, in the same transaction, persons that <see cref="RegisterAsync"/> wrote there (their scan was
    /// refused after all), with their populations. Persons it found already registered are left alone.
    /// </summary>
    public async Task WithdrawAsync(DbConnection connection, DbTransaction transaction, IEnumerable<RegisteredPerson> registered, CancellationToken ct)
    {
        var written = registered.Where(r => r.Created).ToList();
        if (written.Count == 0) return;
        var populations = new Dictionary<string, int>();
        await using var delete = Sql.Command(connection, transaction, "DELETE FROM persons WHERE id = @id", "@id");
        foreach (var person in written)
        {
            delete.Set("@id", person.Id);
            if (await delete.ExecuteNonQueryAsync(ct) == 1)
                populations[person.CommunityCode] = populations.GetValueOrDefault(person.CommunityCode) - 1;
        }
        await CountAsync(connection, transaction, populations, ct);
    }

    /// <summary>Moves one community's population inside the context's current transaction (Persons' EF writes).</summary>
    internal static Task CountAsync(FrontlineDb db, string communityCode, int change, CancellationToken ct) =>
        CountAsync(db.Database.GetDbConnection(), db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Populations move only inside the transaction that writes the persons"),
            new Dictionary<string, int> { [communityCode] = change }, ct);

    /// <summary>
    /// Adds each change to its community's population, in code order: two transactions moving the same
    /// communities lock their rows in the same order and never deadlock. A code with no community row (only a bare
    /// database, as the import benchmark's baseline uses: the person rules admit known communities only) counts nowhere.
    /// </summary>
    internal static async Task CountAsync(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, int> changes, CancellationToken ct)
    {
        if (changes.Values.All(n => n == 0)) return;
        await using var update = Sql.Command(connection, transaction,
            "UPDATE jurisdictions SET population = population + @n WHERE code = @c AND level = 'Community'", "@n", "@c");
        foreach (var (code, n) in changes.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            update.Set("@n", n);
            update.Set("@c", code);
            await update.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A building of a community by name, created when new; concurrent creators (PostgreSQL) get the same row.</summary>
    internal static async Task<long> BuildingIdAsync(DbConnection connection, DbTransaction transaction, string community, string name, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, transaction, "SELECT id FROM buildings WHERE community_code = @c AND name = @n", "@c", "@n");
        cmd.Set("@c", community);
        cmd.Set("@n", name);
        if (await cmd.ExecuteScalarAsync(ct) is { } found and not DBNull) return Convert.ToInt64(found);
        cmd.CommandText = "INSERT INTO buildings (community_code, name, floors) VALUES (@c, @n, 0) ON CONFLICT (community_code, name) DO NOTHING RETURNING id";
        if (await cmd.ExecuteScalarAsync(ct) is { } added and not DBNull) return Convert.ToInt64(added);
        cmd.CommandText = "SELECT id FROM buildings WHERE community_code = @c AND name = @n";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
    }
}

/// <summary>
/// The bulk path of <see cref="PersonRegistration"/>: the import's prepared statements on one connection, in
/// transactions it owns (BeginAsync … CommitAsync, as often as the caller likes). Every commit first moves the
/// populations of the communities its rows entered or left, so a commit carries its counts and a rollback drops
/// them. The same SQL serves SQLite and PostgreSQL, except for new rows on PostgreSQL: a statement a row there is a
/// network round trip a row (4.5 M of them took the demo seed 20 minutes), so new rows are gathered and sent by binary
/// COPY before anything reads or changes persons again (a look-up, an update, a commit) and every
/// <see cref="CopyEvery"/> rows.
/// </summary>
public sealed class PersonWriter : IAsyncDisposable
{
    public sealed record Existing(long Id, DocType DocType, string DocNumber, string Name, string? Phone, string CommunityCode,
        long BuildingId, string? Room, int? Floor, ResidentType ResidentType, string? Note, VerificationStatus Verification);

    readonly DbConnection connection;
    readonly DateTime now;
    DbTransaction? transaction;
    DbCommand? insert, update, lookup;
    readonly Dictionary<(string, string), long> buildings = [];
    /// <summary>What this transaction's rows did to each community's population, written at its commit.</summary>
    readonly Dictionary<string, int> populations = [];
    /// <summary>New rows not yet sent (PostgreSQL only).</summary>
    readonly List<(ValidPerson Person, long BuildingId)>? unsent;
    const int CopyEvery = 20_000;

    internal PersonWriter(DbConnection connection, DateTime now)
    {
        this.connection = connection;
        this.now = now;
        if (connection is Npgsql.NpgsqlConnection) unsent = new(CopyEvery);
    }

    public async Task BeginAsync(CancellationToken ct)
    {
        if (transaction is not null) await transaction.DisposeAsync();
        transaction = await connection.BeginTransactionAsync(ct);
        if (insert is not null) insert.Transaction = transaction;
        if (update is not null) update.Transaction = transaction;
        if (lookup is not null) lookup.Transaction = transaction;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await SendAsync(ct);
        await PersonRegistration.CountAsync(connection, transaction!, populations, ct);
        await transaction!.CommitAsync(ct);
        populations.Clear();
    }

    public async Task RollbackAsync(CancellationToken ct)
    {
        await transaction!.RollbackAsync(ct);
        unsent?.Clear();
        buildings.Clear();
        populations.Clear();
    }

    /// <summary>
    /// Numbers looked up per statement. One prepared statement of this many parameters serves every batch:
    /// a fresh IN list of a whole batch (2,000 parameters) cost SQLite a new parse each time and a name lookup
    /// per parameter that grows with the list, about 20 ms a batch, as long as the inserts themselves.
    /// </summary>
    const int LookupSize = 100;

    public async Task<Dictionary<(DocType, string), Existing>> FindExistingAsync(List<string> docNumbers, CancellationToken ct)
    {
        var found = new Dictionary<(DocType, string), Existing>();
        if (docNumbers.Count == 0) return found;
        await SendAsync(ct);
        if (lookup is null)
        {
            var names = Enumerable.Range(0, LookupSize).Select(i => "@d" + i).ToArray();
            lookup = Sql.Command(connection, transaction!, $"""
                SELECT id, doc_type, doc_number, name, phone, community_code, building_id, room, floor, resident_type, note, verification
                FROM persons WHERE doc_number IN ({string.Join(",", names)})
                """, names);
            await lookup.PrepareAsync(ct);
        }
        for (var start = 0; start < docNumbers.Count; start += LookupSize)
        {
            // A short last chunk repeats its last number: a repeat in an IN list matches nothing more.
            for (var i = 0; i < LookupSize; i++)
                lookup.Parameters[i].Value = docNumbers[Math.Min(start + i, docNumbers.Count - 1)];
            await using var reader = await lookup.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var e = new Existing(reader.GetInt64(0), (DocType)reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetInt64(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetInt32(8),
                    (ResidentType)reader.GetInt32(9), reader.IsDBNull(10) ? null : reader.GetString(10), (VerificationStatus)reader.GetInt32(11));
                found[(e.DocType, e.DocNumber)] = e;
            }
        }
        return found;
    }

    public async Task<long> BuildingIdAsync(string community, string name, CancellationToken ct)
    {
        if (buildings.TryGetValue((community, name), out var id)) return id;
        id = await PersonRegistration.BuildingIdAsync(connection, transaction!, community, name, ct);
        buildings[(community, name)] = id;
        return id;
    }

    /// <summary>No RETURNING: reading back an id per row halved the insert rate of a million-row import.</summary>
    public async Task InsertAsync(ValidPerson p, long buildingId, CancellationToken ct)
    {
        if (unsent is not null)
        {
            unsent.Add((p, buildingId));
            populations[p.CommunityCode] = populations.GetValueOrDefault(p.CommunityCode) + 1;
            if (unsent.Count >= CopyEvery) await SendAsync(ct);
            return;
        }
        if (insert is null)
        {
            insert = Sql.Command(connection, transaction!, $"""
                INSERT INTO persons ({PersonRegistration.PersonColumns})
                VALUES (@name, @doc_type, @doc_number, @phone, @community_code, @building_id, @room, @floor, @resident_type,
                    @birth_date, @note, 0, @needs, @now, @now)
                """,
                "@name", "@doc_type", "@doc_number", "@phone", "@community_code", "@building_id", "@room", "@floor", "@resident_type", "@birth_date", "@note", "@needs", "@now");
            insert.Parameters["@now"].Value = now;
            insert.Parameters["@needs"].Value = false;
            await insert.PrepareAsync(ct);
        }
        SetPerson(insert, p, buildingId);
        await insert.ExecuteNonQueryAsync(ct);
        populations[p.CommunityCode] = populations.GetValueOrDefault(p.CommunityCode) + 1;
    }

    /// <summary>The gathered new rows by binary COPY, in this transaction (PostgreSQL).</summary>
    async Task SendAsync(CancellationToken ct)
    {
        if (unsent is not { Count: > 0 }) return;
        var npgsql = (Npgsql.NpgsqlConnection)connection;
        await using (var copy = await npgsql.BeginBinaryImportAsync($"""
            COPY persons ({PersonRegistration.PersonColumns}) FROM STDIN (FORMAT BINARY)
            """, ct))
        {
            foreach (var (p, buildingId) in unsent)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.Name, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((int)p.DocType, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(p.DocNumber, NpgsqlDbType.Varchar, ct);
                await WriteOrNullAsync(copy, p.Phone, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(p.CommunityCode, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync(buildingId, NpgsqlDbType.Bigint, ct);
                await WriteOrNullAsync(copy, p.Room, NpgsqlDbType.Varchar, ct);
                if (p.Floor is { } floor) await copy.WriteAsync(floor, NpgsqlDbType.Integer, ct); else await copy.WriteNullAsync(ct);
                await copy.WriteAsync((int)p.ResidentType, NpgsqlDbType.Integer, ct);
                if (p.BirthDate is { } birth) await copy.WriteAsync(birth, NpgsqlDbType.Date, ct); else await copy.WriteNullAsync(ct);
                await WriteOrNullAsync(copy, p.Note, NpgsqlDbType.Varchar, ct);
                await copy.WriteAsync((int)VerificationStatus.Unverified, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
            }
            await copy.CompleteAsync(ct);
        }
        unsent.Clear();
    }

    static Task WriteOrNullAsync(Npgsql.NpgsqlBinaryImporter copy, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    internal static void SetPerson(DbCommand insert, ValidPerson p, long buildingId)
    {
        var ps = insert.Parameters;
        ps["@name"].Value = p.Name;
        ps["@doc_type"].Value = (int)p.DocType;
        ps["@doc_number"].Value = p.DocNumber;
        ps["@phone"].Value = (object?)p.Phone ?? DBNull.Value;
        ps["@community_code"].Value = p.CommunityCode;
        ps["@building_id"].Value = buildingId;
        ps["@room"].Value = (object?)p.Room ?? DBNull.Value;
        ps["@floor"].Value = (object?)p.Floor ?? DBNull.Value;
        ps["@resident_type"].Value = (int)p.ResidentType;
        ps["@note"].Value = (object?)p.Note ?? DBNull.Value;
        ps["@birth_date"].Value = p.BirthDate is { } birth ? birth : DBNull.Value;
    }

    /// <summary>The transaction the writer's rows are in, for the audit entries that must commit with them.</summary>
    internal DbTransaction Transaction => transaction ?? throw new InvalidOperationException("BeginAsync first");

    /// <summary>
    /// Writes <paramref name="next"/> over <paramref name="current"/>. A new community is a move: the person leaves the
    /// old community's count (unless it had already counted them out as moved out) and enters the new one's, where
    /// nobody has checked them yet, so their household check starts again. Whether the caller may move them at all is
    /// the caller's to decide (<see cref="RosterImporter"/>); it also records the move.
    /// </summary>
    public async Task UpdateAsync(Existing current, Existing next, CancellationToken ct)
    {
        await SendAsync(ct);
        if (update is null)
        {
            update = Sql.Command(connection, transaction!, """
                UPDATE persons SET phone = @phone, community_code = @community_code, building_id = @building_id, room = @room,
                    floor = @floor, resident_type = @resident_type, note = @note, updated_at = @now WHERE id = @id
                """,
                "@phone", "@community_code", "@building_id", "@room", "@floor", "@resident_type", "@note", "@now", "@id");
            update.Parameters["@now"].Value = now;
            await update.PrepareAsync(ct);
        }
        var ps = update.Parameters;
        ps["@phone"].Value = (object?)next.Phone ?? DBNull.Value;
        ps["@community_code"].Value = next.CommunityCode;
        ps["@building_id"].Value = next.BuildingId;
        ps["@room"].Value = (object?)next.Room ?? DBNull.Value;
        ps["@floor"].Value = (object?)next.Floor ?? DBNull.Value;
        ps["@resident_type"].Value = (int)next.ResidentType;
        ps["@note"].Value = (object?)next.Note ?? DBNull.Value;
        ps["@id"].Value = current.Id;
        await update.ExecuteNonQueryAsync(ct);
        if (current.CommunityCode == next.CommunityCode) return;
        // Moves are rare: a statement of their own rather than four more columns in every update of a big import.
        await using var restart = Sql.Command(connection, transaction!, """
            UPDATE persons SET verification = @unverified, verified_at = NULL, verified_by = NULL, verification_note = NULL WHERE id = @id
            """, "@unverified", "@id");
        restart.Set("@unverified", (int)VerificationStatus.Unverified);
        restart.Set("@id", current.Id);
        await restart.ExecuteNonQueryAsync(ct);
        if (current.Verification != VerificationStatus.MovedOut)
            populations[current.CommunityCode] = populations.GetValueOrDefault(current.CommunityCode) - 1;
        populations[next.CommunityCode] = populations.GetValueOrDefault(next.CommunityCode) + 1;
    }

    public async ValueTask DisposeAsync()
    {
        if (insert is not null) await insert.DisposeAsync();
        if (update is not null) await update.DisposeAsync();
        if (lookup is not null) await lookup.DisposeAsync();
        if (transaction is not null) await transaction.DisposeAsync();
    }
}
