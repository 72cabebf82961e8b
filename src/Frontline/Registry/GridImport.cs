using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

public sealed record GridImportResult(int Total, int GridsCreated, int BuildingsAssigned, int Unchanged, int Rejected,
    IReadOnlyList<ImportError> Errors, bool ErrorsTruncated);

/// <summary>A grid file: one row per building of a grid, by their Chinese headers or English names.</summary>
public static class GridFile
{
    public static readonly SpreadsheetColumns Columns = new(
        new("gridCode", true, "网格编码", "网格代码", "gridcode", "grid_code"),
        new("gridName", true, "网格名称", "gridname", "grid_name"),
        new("community", true, "社区编码", "社区代码", "社区", "community"),
        new("building", true, "楼栋", "楼栋号", "building"))
    {
        MissingName = c => $"{c.Headers[0]}/{c.Field}",
    };
}

/// <summary>
/// Imports grids from a spreadsheet: each row puts one building of a community into a grid, the grid made on its
/// first row. Every row is checked (codes, the community in the caller's scope, the building known in that community
/// and in no other grid, one name per grid, a building once in the file) and answered by its spreadsheet row number.
/// All-or-nothing writes nothing when a row is bad; valid-rows writes the good ones. Re-importing a file changes nothing.
/// A district's grids are a few thousand rows per community: the file is read whole, the buildings of the communities
/// it names read once per community.
/// </summary>
public sealed class GridImporter(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit)
{
    public const int MaxRows = 100_000;
    const int MaxErrorsReturned = 1000;

    sealed record Valid(int Row, string GridCode, string GridName, string Community, Building Building);

    public async Task<GridImportResult> ImportAsync(Caller caller, Stream file, string fileName, ImportMode mode, CancellationToken ct = default)
    {
        if (caller.Scope.Grid is not null) throw new DomainException("grid-worker-not-allowed", StatusCodes.Status403Forbidden);
        var culture = CultureInfo.CurrentUICulture;
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = GridFile.Columns.Map(sheet.Header);
        await using var db = await dbs.CreateDbContextAsync(ct);

        var errors = new List<ImportError>();
        var rejectedRows = new HashSet<int>();
        var valid = new List<Valid>();
        var buildingsOf = new Dictionary<string, Dictionary<string, Building>>();
        var existingGrids = new Dictionary<string, Jurisdiction?>();
        var firstRowOfGrid = new Dictionary<string, (int Row, string Name)>();
        var firstRowOfBuilding = new Dictionary<long, int>();
        var communities = new Dictionary<string, (JurisdictionDirectory.Match Match, Jurisdiction? Community)>();
        var total = 0;

        void Reject(SpreadsheetRow row, string field, string code, params object[] args)
        {
            rejectedRows.Add(row.Number);
            if (errors.Count < MaxErrorsReturned) errors.Add(map.Error(row, field, code, culture, args));
        }

        foreach (var row in sheet.Rows())
        {
            if (++total > MaxRows) throw new DomainException("too-many-rows", field: "file", args: MaxRows);
            if (row.Refused)
            {
                rejectedRows.Add(row.Number);
                foreach (var e in map.Problems(row, culture)) if (errors.Count < MaxErrorsReturned) errors.Add(e);
                continue;
            }
            string? Text(string field, int max)
            {
                var text = map.Cell(row, field)?.Trim();
                if (string.IsNullOrEmpty(text)) { Reject(row, field, "missing-field", map.ColumnName(field)); return null; }
                if (TextRules.Check(text, max) is { } problem) { Reject(row, field, problem, map.ColumnName(field), max); return null; }
                return text;
            }
            var gridCode = Text("gridCode", JurisdictionScope.GridCodeLength + 5);
            var gridName = Text("gridName", Grids.MaxName);
            var communityKey = Text("community", 64);
            var buildingName = Text("building", 64);
            if (rejectedRows.Contains(row.Number)) continue;

            if (!JurisdictionScope.IsGridCode(gridCode)) { Reject(row, "gridCode", "invalid-grid-code", gridCode!); continue; }
            if (!communities.TryGetValue(communityKey!, out var found))
                communities[communityKey!] = found = await directory.FindCommunityAsync(communityKey!, ct);
            if (found.Match == JurisdictionDirectory.Match.Ambiguous) { Reject(row, "community", "ambiguous-community", communityKey!); continue; }
            if (found.Community is not { } community) { Reject(row, "community", "unknown-community", communityKey!); continue; }
            if (!caller.Scope.Contains(community.Code)) { Reject(row, "community", "out-of-scope"); continue; }
            if (gridCode![..12] != community.Code) { Reject(row, "gridCode", "grid-community-mismatch", community.Code); continue; }

            if (firstRowOfGrid.TryGetValue(gridCode, out var first))
            {
                if (first.Name != gridName) { Reject(row, "gridName", "grid-name-conflict", first.Row); continue; }
            }
            else
            {
                if (!existingGrids.TryGetValue(gridCode, out var existing))
                    existingGrids[gridCode] = existing = await db.Jurisdictions.AsNoTracking().FirstOrDefaultAsync(j => j.Code == gridCode, ct);
                if (existing is not null && existing.Name != gridName) { Reject(row, "gridName", "grid-name-differs", gridCode, existing.Name); continue; }
            }

            if (!buildingsOf.TryGetValue(community.Code, out var buildings))
                buildingsOf[community.Code] = buildings = await db.Buildings.AsNoTracking().Where(b => b.CommunityCode == community.Code)
                    .ToDictionaryAsync(b => b.Name, StringComparer.Ordinal, ct);
            if (!buildings.TryGetValue(buildingName!, out var building)) { Reject(row, "building", "no-such-building", buildingName!); continue; }
            if (firstRowOfBuilding.TryGetValue(building.Id, out var firstRow)) { Reject(row, "building", "building-twice-in-file", firstRow); continue; }
            if (building.GridCode is { } other && other != gridCode) { Reject(row, "building", "building-in-other-grid", building.Name, other); continue; }

            firstRowOfBuilding[building.Id] = row.Number;
            firstRowOfGrid.TryAdd(gridCode, (row.Number, gridName!));
            valid.Add(new Valid(row.Number, gridCode, gridName!, community.Code, building));
        }
        if (total == 0) throw new DomainException("empty-file", field: "file");

        int created = 0, assigned = 0, unchanged = 0;
        if (mode == ImportMode.ValidRows || rejectedRows.Count == 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            foreach (var grid in valid.GroupBy(v => v.GridCode))
            {
                var head = grid.First();
                if (existingGrids.GetValueOrDefault(grid.Key) is null)
                {
                    db.Jurisdictions.Add(new Jurisdiction { Code = grid.Key, Name = head.GridName, Level = JurisdictionLevel.Grid, ParentCode = head.Community });
                    created++;
                }
                var joining = grid.Where(v => v.Building.GridCode != grid.Key).Select(v => v.Building.Id).ToList();
                unchanged += grid.Count() - joining.Count;
                foreach (var chunk in joining.Chunk(500))
                {
                    // Over the grid each building was read without: one moved into another grid meanwhile is not taken.
                    var written = await db.Buildings.Where(b => chunk.Contains(b.Id) && b.GridCode == null)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.GridCode, grid.Key), ct);
                    if (written != chunk.Length) throw new DomainException("grid-changed", StatusCodes.Status409Conflict, "file");
                    assigned += written;
                }
            }
            var name = FileNames.OfUpload(fileName);
            db.Audit.Add(audit.Entry(caller, RegistryAuditActions.GridImport, $"grid-import:{name}", caller.Scope.Code, detail: new
            {
                file = name, mode = RosterImporter.ModeCode(mode), total, created, assigned, unchanged, rejected = rejectedRows.Count,
            }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return new GridImportResult(total, created, assigned, unchanged, rejectedRows.Count,
            errors.OrderBy(e => e.Row).ToList(), errors.Count >= MaxErrorsReturned);
    }
}
