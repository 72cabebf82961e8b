using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Frontline.Tests.Support;

namespace Frontline.Tests.Registry;

/// <summary>Grids (网格): a grid worker's scope, drawing grids, importing them; and the persons search by ID tail and room.</summary>
public abstract partial class GridTests(FrontlineApp app)
{
    const string FirstGrid = TestData.Hongxing + "001";
    [GeneratedRegex(@"^\d{6}\*{8}\d{3}[\dX]$")] private static partial Regex MaskedId();

    static async Task<string> RegisterAsync(HttpClient client, string name, string community, string building, string room, string? id = null)
    {
        var created = await client.PostAsJsonAsync("/api/persons", new
        {
            name, idNumber = id ?? TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = community, building, room,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Body()).Str("id");
    }

    static async Task<List<JsonElement>> BuildingsAsync(HttpClient client, string community) =>
        (await client.GetJson($"/api/registry/buildings?community={community}")).EnumerateArray().ToList();

    static async Task<List<string>> FoundIds(HttpClient client, string query) =>
        (await client.GetJson($"/api/persons?q={Uri.EscapeDataString(query)}&pageSize=500")).GetProperty("items").EnumerateArray().Select(p => p.Str("id")).ToList();

    [SkippableFact]
    public async Task A_grid_worker_sees_their_grids_residents_and_not_the_rest_of_the_community()
    {
        var worker = await app.As("community-worker");
        var gridWorker = await app.As("grid-worker");
        var tag = Guid.NewGuid().ToString("N")[..6];
        string inside = $"网格内{tag}栋", outside = $"网格外{tag}栋";
        var a = await RegisterAsync(worker, "网格甲" + tag, TestData.Hongxing, inside, "101");
        var b = await RegisterAsync(worker, "网格乙" + tag, TestData.Hongxing, outside, "101");

        var buildings = await BuildingsAsync(worker, TestData.Hongxing);
        string IdOf(string name) => buildings.Single(x => x.Str("name") == name).Str("id");
        var gridBuildings = buildings.Where(x => x.TryGetProperty("gridCode", out var g) && g.GetString() == FirstGrid).Select(x => long.Parse(x.Str("id"))).ToList();
        Assert.NotEmpty(gridBuildings); // the demo seed drew 红星社区's grids
        var assigned = await worker.PutAsJsonAsync($"/api/registry/grids/{FirstGrid}/buildings", new { buildingIds = gridBuildings.Append(long.Parse(IdOf(inside))) });
        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        Assert.Equal(gridBuildings.Count + 1, (await assigned.Body()).Int("buildings"));

        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/api/persons/{a}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gridWorker.GetAsync($"/api/persons/{b}")).StatusCode);
        Assert.Equal([a], await FoundIds(gridWorker, "网格甲" + tag));
        Assert.Empty(await FoundIds(gridWorker, "网格乙" + tag));
        // The community worker's view is the whole community, as before.
        Assert.Equal([b], await FoundIds(worker, "网格乙" + tag));

        var all = await gridWorker.GetJson("/api/persons?pageSize=500");
        var community = await worker.GetJson("/api/persons?pageSize=1");
        Assert.True(all.GetProperty("total").GetInt64() < community.GetProperty("total").GetInt64());
        var walkable = (await BuildingsAsync(gridWorker, TestData.Hongxing)).Select(x => x.Str("name")).ToList();
        Assert.Contains(inside, walkable);
        Assert.DoesNotContain(outside, walkable);
        Assert.Equal(HttpStatusCode.OK, (await gridWorker.GetAsync($"/api/registry/buildings/{IdOf(inside)}/walk")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gridWorker.GetAsync($"/api/registry/buildings/{IdOf(outside)}/walk")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gridWorker.PostAsJsonAsync($"/api/persons/{b}/verification", new { status = "present" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await gridWorker.PostAsJsonAsync($"/api/persons/{a}/verification", new { status = "present" })).StatusCode);
        // Another grid of the same community is out of the grid worker's reach.
        Assert.Equal(0, (await gridWorker.GetJson($"/api/persons?jurisdiction={TestData.Hongxing}002")).GetProperty("total").GetInt64());

        var own = (await gridWorker.GetJson("/api/registry/grids")).EnumerateArray().Single();
        Assert.Equal(FirstGrid, own.Str("code"));
        Assert.True(own.GetProperty("verification").Int("checked") >= 1);
        var refused = await gridWorker.PostAsJsonAsync("/api/registry/grids", new { code = TestData.Hongxing + "777", name = "网格员自建" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(["grid-worker-not-allowed"], await refused.ProblemCodes());

        // Drawing grids: a building belongs to one grid at most.
        var code = TestData.Hongxing + Random.Shared.Next(800, 999);
        Assert.Equal(HttpStatusCode.Created, (await worker.PostAsJsonAsync("/api/registry/grids", new { code, name = "测试网格" + tag })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await worker.PostAsJsonAsync("/api/registry/grids", new { code, name = "再建一次" })).StatusCode);
        var taken = await worker.PutAsJsonAsync($"/api/registry/grids/{code}/buildings", new { buildingIds = new[] { long.Parse(IdOf(inside)) } });
        Assert.Equal(["building-in-other-grid"], await taken.ProblemCodes());
        var second = await worker.PutAsJsonAsync($"/api/registry/grids/{code}/buildings", new { buildingIds = new[] { long.Parse(IdOf(outside)) } });
        var view = await second.Body();
        Assert.Equal(1, view.Int("buildings"));
        Assert.Equal(1, view.GetProperty("verification").Int("total"));

        Assert.Equal(["invalid-grid-code"], await (await worker.PostAsJsonAsync("/api/registry/grids", new { code = "4403060050020", name = "x" })).ProblemCodes());
        Assert.Equal(["out-of-scope"], await (await worker.PostAsJsonAsync("/api/registry/grids", new { code = TestData.Haiyu + "901", name = "x" })).ProblemCodes());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).PostAsJsonAsync("/api/registry/grids", new { code, name = "x" })).StatusCode);
        var street = (await (await app.As("street-commander")).GetJson($"/api/registry/grids?jurisdiction={TestData.Songgang}")).EnumerateArray().ToList();
        Assert.Contains(street, g => g.Str("code") == code);
        Assert.Contains(street, g => g.Str("code") == FirstGrid);
    }

    [SkippableFact]
    public async Task Grid_import_answers_every_row_and_writes_all_or_nothing()
    {
        var worker = await app.As("community-worker");
        var tag = Guid.NewGuid().ToString("N")[..6];
        string c = $"导入{tag}甲栋", d = $"导入{tag}乙栋";
        await RegisterAsync(worker, "导入甲" + tag, TestData.Hongxing, c, "201");
        await RegisterAsync(worker, "导入乙" + tag, TestData.Hongxing, d, "202");
        var grid = TestData.Hongxing + Random.Shared.Next(600, 700);
        var other = TestData.Hongxing + Random.Shared.Next(700, 800);
        string[] header = ["网格编码", "网格名称", "社区编码", "楼栋"];
        var rows = new List<string?[]>
        {
            new[] { grid, "导入网格" + tag, TestData.Hongxing, c },               // 2: valid
            new[] { "123", "坏编码", TestData.Hongxing, d },                       // 3
            new[] { grid, "另一个名字", TestData.Hongxing, d },                     // 4
            new[] { other, "导入网格二", TestData.Hongxing, "不存在的楼" + tag },    // 5
            new[] { TestData.Haiyu + "901", "海裕网格", TestData.Haiyu, "1栋" },     // 6
            new[] { other, "导入网格二", TestData.Hongxing, c },                    // 7
            new[] { TestData.Haiyu + "902", "错社区", TestData.Hongxing, d },        // 8
            new[] { other, "", TestData.Hongxing, d },                             // 9
        };
        var file = TestData.Csv(rows, header: header);

        var refused = await (await worker.PostAsync("/api/registry/grids/imports", TestData.Upload(file, "grids.csv"))).Body();
        Assert.Equal(8, refused.Int("total"));
        Assert.Equal(7, refused.Int("rejected"));
        Assert.Equal(0, refused.Int("gridsCreated"));
        var errors = refused.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("code"))).ToList();
        Assert.Equal([(3, "invalid-grid-code"), (4, "grid-name-conflict"), (5, "no-such-building"), (6, "out-of-scope"),
            (7, "building-twice-in-file"), (8, "grid-community-mismatch"), (9, "missing-field")], errors);
        Assert.DoesNotContain((await worker.GetJson($"/api/registry/grids?jurisdiction={TestData.Hongxing}")).EnumerateArray(), g => g.Str("code") == grid);

        var written = await (await worker.PostAsync("/api/registry/grids/imports?mode=valid-rows", TestData.Upload(file, "grids.csv"))).Body();
        Assert.Equal(1, written.Int("gridsCreated"));
        Assert.Equal(1, written.Int("buildingsAssigned"));
        var again = await (await worker.PostAsync("/api/registry/grids/imports?mode=valid-rows", TestData.Upload(file, "grids.csv"))).Body();
        Assert.Equal(0, again.Int("gridsCreated"));
        Assert.Equal(0, again.Int("buildingsAssigned"));
        Assert.Equal(1, again.Int("unchanged"));
        var drawn = (await worker.GetJson($"/api/registry/grids?jurisdiction={TestData.Hongxing}")).EnumerateArray().Single(g => g.Str("code") == grid);
        Assert.Equal(1, drawn.Int("buildings"));
        Assert.Equal(grid, (await BuildingsAsync(worker, TestData.Hongxing)).Single(b => b.Str("name") == c).Str("gridCode"));

        var missing = await worker.PostAsync("/api/registry/grids/imports", TestData.Upload(TestData.Csv([], header: ["网格编码", "楼栋"]), "g.csv"));
        Assert.Equal(["missing-column"], await missing.ProblemCodes());
        var gridWorker = await app.As("grid-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await gridWorker.PostAsync("/api/registry/grids/imports", TestData.Upload(file, "grids.csv"))).StatusCode);
    }

    [SkippableFact]
    public async Task Persons_search_finds_an_ids_last_four_and_a_room_within_the_callers_scope()
    {
        var worker = await app.As("community-worker");
        var haiyuWorker = await app.As("worker-haiyu");
        var tag = Guid.NewGuid().ToString("N")[..6];
        var idHere = TestData.NewResidentId();
        var room = (Random.Shared.Next(10, 99) * 100 + 77).ToString();
        var here = await RegisterAsync(worker, "尾号甲" + tag, TestData.Hongxing, $"尾号{tag}栋", room, idHere);
        var there = await RegisterAsync(haiyuWorker, "尾号乙" + tag, TestData.Haiyu, $"尾号{tag}栋", room);

        var tail = idHere[^4..];
        var byTail = (await worker.GetJson($"/api/persons?q={tail}&pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(byTail, p => p.Str("id") == here);
        Assert.All(byTail, p => Assert.Matches(MaskedId(), p.Str("idNumber")));
        Assert.All(byTail, p => Assert.True(p.Str("idNumber").EndsWith(tail, StringComparison.Ordinal) || p.GetProperty("room").GetString() == tail));
        Assert.DoesNotContain(here, await FoundIds(haiyuWorker, tail));
        Assert.DoesNotContain(here, await FoundIds(await app.As("grid-worker"), tail)); // not in the grid's buildings

        Assert.Contains(here, await FoundIds(worker, room));
        Assert.DoesNotContain(there, await FoundIds(worker, room));
        Assert.Contains(there, await FoundIds(haiyuWorker, room));
        Assert.DoesNotContain(here, await FoundIds(haiyuWorker, room));
        var district = await FoundIds(await app.As("admin"), room);
        Assert.Contains(here, district);
        Assert.Contains(there, district);
        Assert.Empty(await FoundIds(worker, "B" + room)); // a room no one lives in
    }
}

public sealed class SqliteGridTests(SqliteApp app) : GridTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresGridTests(PostgresApp app) : GridTests(app), IClassFixture<PostgresApp>;
