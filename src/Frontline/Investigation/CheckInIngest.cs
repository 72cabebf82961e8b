using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>One scan of a venue code, as the venue-code platform sends it.</summary>
[RequiresOneOf("idNumber", "personId")]
public sealed record CheckInEvent(
    [Required, Description("Unique per scan, at most 64 characters: a retry with the same id counts as a duplicate.")] string? EventId,
    [Required, Description("The code the place's QR code carries.")] string? VenueCode,
    [Description("A resident ID, when personId is not given.")] string? IdNumber, string? PersonId,
    [Required, Description("When the person scanned; at most 10 minutes ahead of the server.")] DateTimeOffset? At);

/// <summary>
/// 场所码扫码 in bulk, at district volume (about 15 M a day, 175 a second on average and several times that at the morning
/// and evening peaks). Every item is checked on its own; the venues and the persons of a batch are each found with one
/// query (a list parameter), never per item; the good items go through Platform's bulk writer in one transaction (SQLite:
/// prepared statements under the write gate; PostgreSQL: binary COPY into staging and one INSERT … ON CONFLICT DO NOTHING),
/// and what the unique event id refuses is a retry, counted as a duplicate. A check-in belongs to the place's community:
/// a venue outside the caller's jurisdiction is unknown to it. The person may live anywhere in the district.
/// </summary>
public sealed class CheckInIngest(IDbContextFactory<FrontlineDb> dbs, SqlDialect sql, TableGrowth growth, TimeProvider clock)
{
    /// <summary>As the scans' batches: a phone or a feed sends a minute's worth at a time.</summary>
    public const int MaxBatch = 1000;
    public const int MaxClockSkewMinutes = 10;

    sealed class Item(int index, CheckInEvent e)
    {
        public int Index { get; } = index;
        public CheckInEvent Event { get; } = e;
        public string? Error;
        public object?[] Args = [];
        public string? Message;
        public bool Duplicate;
        public string EventId = "";
        public string VenueCode = "";
        public long? PersonId;
        public string? DocNumber;
        public DateTime At;
        public long PlaceId;
        public string Community = "";

        public void Refuse(string code, params object?[] args) => (Error, Args) = (code, args);
    }

    static readonly BulkInsert<Item> Rows = new()
    {
        Table = InvestigationTables.CheckIns,
        KeyColumn = "event_id",
        Columns =
        [
            new("event_id", BulkType.Text), new("place_id", BulkType.Int64), new("person_id", BulkType.Int64),
            new("community_code", BulkType.Text), new("at", BulkType.Timestamp),
        ],
        Key = i => i.EventId,
        Write = async (i, row) =>
        {
            await row.Add(i.EventId);
            await row.Add(i.PlaceId);
            await row.Add(i.PersonId!.Value);
            await row.Add(i.Community);
            await row.Add(i.At);
        },
    };

    public async Task<BatchAnswer> IngestAsync(Caller caller, IReadOnlyList<CheckInEvent?> events, CancellationToken ct = default)
    {
        if (events.Count > MaxBatch) throw new DomainException("batch-too-large", field: "events", args: MaxBatch);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var items = new List<Item>(events.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } e)
            {
                var invalid = new Item(i, new CheckInEvent(null, null, null, null, null));
                invalid.Refuse("invalid-item");
                items.Add(invalid);
                continue;
            }
            var item = Check(new Item(i, e), now, today);
            // The same event twice in one batch: the second is a retry of the first.
            if (item.Error is null && !seen.Add(item.EventId)) item.Duplicate = true;
            items.Add(item);
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var live = items.Where(i => i.Error is null && !i.Duplicate).ToList();
        await FindVenuesAsync(connection, caller, live, ct);
        await FindPersonsAsync(connection, live, ct);
        live = live.Where(i => i.Error is null).ToList();

        var accepted = 0;
        if (live.Count > 0)
        {
            using var writer = await sql.EnterWriteGateAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var stored = await sql.InsertNewAsync(connection, tx, Rows, live, ct);
            await tx.CommitAsync(ct);
            foreach (var item in live)
                if (stored.ContainsKey(item.EventId)) accepted++;
                else item.Duplicate = true;
        }
        growth.Wrote(InvestigationTables.CheckIns, accepted);
        var rejected = items.Where(i => i.Error is not null)
            .Select(i => i.Message is { } message ? new BatchRejection(i.Index, i.Event.EventId, i.Error!, message) : BatchRejection.Of(i.Index, i.Event.EventId, i.Error!, i.Args))
            .ToList();
        return new BatchAnswer(accepted, items.Count(i => i.Duplicate), rejected);
    }

    static Item Check(Item item, DateTime now, DateOnly today)
    {
        var e = item.Event;
        item.EventId = e.EventId?.Trim() ?? "";
        if (item.EventId.Length is 0 or > 64) { item.Refuse("missing-field", "eventId"); return item; }
        item.VenueCode = e.VenueCode?.Trim() ?? "";
        if (item.VenueCode.Length is 0 or > 64) { item.Refuse("missing-field", "venueCode"); return item; }
        if (e.At is not { } at) { item.Refuse("missing-field", "at"); return item; }
        item.At = at.UtcDateTime;
        if (item.At > now.AddMinutes(MaxClockSkewMinutes)) { item.Refuse("checkin-in-future", MaxClockSkewMinutes); return item; }
        if (!string.IsNullOrWhiteSpace(e.PersonId))
        {
            if (long.TryParse(e.PersonId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) item.PersonId = pid;
            else UnknownPerson(item);
        }
        else if (!string.IsNullOrWhiteSpace(e.IdNumber))
        {
            if (IdentityDocuments.Validate(DocType.ResidentId, e.IdNumber, today, out var id) is { } idError) item.Refuse(idError);
            else item.DocNumber = id;
        }
        else item.Refuse("missing-field", "idNumber / personId");
        return item;
    }

    // Testing's unknown-person asks for a name and phone to register on the spot; a check-in registers nobody.
    static void UnknownPerson(Item item)
    {
        item.Refuse("unknown-person");
        item.Message = ErrorCatalog.Message("checkin-unknown-person");
    }

    async Task FindVenuesAsync(System.Data.Common.DbConnection connection, Caller caller, List<Item> items, CancellationToken ct)
    {
        if (items.Count == 0) return;
        await using var cmd = Sql.Command(connection, null, "");
        cmd.CommandText = "SELECT code, id, community_code FROM places WHERE "
            + sql.InList(cmd, "code", "@codes", items.Select(i => i.VenueCode).Distinct(StringComparer.Ordinal).ToArray());
        var venues = (await Sql.ReadAsync(cmd, r => (Code: r.GetString(0), Id: r.GetInt64(1), Community: r.GetString(2)), ct))
            .ToDictionary(v => v.Code, StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (venues.TryGetValue(item.VenueCode, out var venue) && caller.Scope.Contains(venue.Community)) (item.PlaceId, item.Community) = (venue.Id, venue.Community);
            else item.Refuse("unknown-venue");
        }
    }

    async Task FindPersonsAsync(System.Data.Common.DbConnection connection, List<Item> items, CancellationToken ct)
    {
        items = items.Where(i => i.Error is null).ToList();
        var docs = items.Where(i => i.DocNumber is not null).Select(i => i.DocNumber!).Distinct(StringComparer.Ordinal).ToArray();
        var byDoc = new Dictionary<string, long>(StringComparer.Ordinal);
        if (docs.Length > 0)
        {
            await using var cmd = Sql.Command(connection, null, "");
            cmd.CommandText = $"SELECT doc_number, id FROM persons WHERE doc_type = {(int)DocType.ResidentId} AND " + sql.InList(cmd, "doc_number", "@docs", docs);
            foreach (var (doc, id) in await Sql.ReadAsync(cmd, r => (r.GetString(0), r.GetInt64(1)), ct)) byDoc[doc] = id;
        }
        var ids = items.Where(i => i.PersonId is not null).Select(i => i.PersonId!.Value).Distinct().ToArray();
        var known = new HashSet<long>();
        if (ids.Length > 0)
        {
            await using var cmd = Sql.Command(connection, null, "");
            cmd.CommandText = "SELECT id FROM persons WHERE " + sql.InList(cmd, "id", "@ids", ids);
            known = (await Sql.ReadAsync(cmd, r => r.GetInt64(0), ct)).ToHashSet();
        }
        foreach (var item in items)
        {
            if (item.PersonId is { } pid) { if (!known.Contains(pid)) UnknownPerson(item); }
            else if (byDoc.TryGetValue(item.DocNumber!, out var id)) item.PersonId = id;
            else UnknownPerson(item);
        }
    }
}
