using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// Issue 7, findings 1, 9 and 11 for the registry: a roster import updates a person only in the caller's
/// jurisdiction and moves one between communities only deliberately, on the record of both; a refusal names nobody;
/// names and addresses are clean text.
/// </summary>
public abstract class RegistryWriteSecurityTests(FrontlineApp app)
{
    static async Task<string> RegisterAsync(HttpClient client, string name, string idNumber, string community, string? phone = null)
    {
        var created = await client.PostAsJsonAsync("/api/persons", new
        {
            name, idNumber, phone = phone ?? TestData.NewPhone(), communityCode = community, building = "安全测试楼1栋", room = "301",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Body()).Str("id");
    }

    static async Task<JsonElement> ImportAsync(HttpClient client, string?[][] rows, string mode = "valid-rows")
    {
        var response = await client.PostAsync($"/api/registry/imports?mode={mode}", TestData.Upload(TestData.Csv(rows), "roster.csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    static JsonElement SingleError(JsonElement result) => result.GetProperty("errors").EnumerateArray().Single();

    async Task<long> PopulationOf(string community)
    {
        var street = community[..9] + "000";
        var communities = await (await app.As("admin")).GetJson($"/api/jurisdictions?parent={street}");
        return communities.EnumerateArray().Single(j => j.Str("code") == community).GetProperty("population").GetInt64();
    }

    async Task<List<JsonElement>> MovesOf(HttpClient client, string personId) =>
        (await client.GetJson($"/api/audit?action=person.move&subject=person:{personId}")).GetProperty("items").EnumerateArray().ToList();

    [SkippableFact]
    public async Task A_roster_import_cannot_take_over_a_resident_of_another_community()
    {
        var hongxing = await app.As("community-worker");
        var haiyu = await app.As("worker-haiyu");
        var id = TestData.NewResidentId();
        var personId = await RegisterAsync(hongxing, "朱红星", id, TestData.Hongxing);
        var before = (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu));

        // The right name and ID, 海裕's own code, either mode: refused as out of scope, the person not named.
        foreach (var (name, mode) in new[] { ("朱红星", "valid-rows"), ("朱红星", "all-or-nothing"), ("朱某某", "valid-rows") })
        {
            var result = await ImportAsync(haiyu, [TestData.Row(name, id, community: TestData.Haiyu, building: "海裕楼1栋")], mode);
            Assert.Equal((0, 0, 0, 1), (result.Int("imported"), result.Int("updated"), result.Int("unchanged"), result.Int("rejected")));
            var error = SingleError(result);
            // The same answer whatever the name: no way to try names against another community's residents.
            Assert.Equal(("证件号码", "out-of-scope"), (error.Str("column"), error.Str("code")));
            Assert.DoesNotContain("朱", error.Str("message"));
        }

        // Still 红星's resident, and still out of 海裕's sight.
        var still = await hongxing.GetJson($"/api/persons/{personId}");
        Assert.Equal(TestData.Hongxing, still.Str("communityCode"));
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/persons/{personId}")).StatusCode);
        Assert.Equal(0, (await haiyu.GetJson($"/api/persons?q={id}")).GetProperty("total").GetInt64());
        Assert.Equal(before, (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu)));
        Assert.Empty(await MovesOf(await app.As("admin"), personId));
    }

    [SkippableFact]
    public async Task A_move_by_a_caller_covering_both_communities_is_on_the_record_of_both()
    {
        var hongxing = await app.As("community-worker");
        var admin = await app.As("admin");
        var id = TestData.NewResidentId();
        var personId = await RegisterAsync(hongxing, "迁移甲", id, TestData.Hongxing);
        Assert.Equal(HttpStatusCode.NoContent, (await hongxing.PostAsJsonAsync($"/api/persons/{personId}/verification", new { status = "present" })).StatusCode);
        var (hongxingBefore, haiyuBefore) = (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu));

        var result = await ImportAsync(admin, [TestData.Row("迁移甲", id, community: TestData.Haiyu, building: "海裕楼2栋")]);
        Assert.Equal((0, 1, 0), (result.Int("imported"), result.Int("updated"), result.Int("rejected")));

        var moved = await (await app.As("worker-haiyu")).GetJson($"/api/persons/{personId}");
        Assert.Equal(TestData.Haiyu, moved.Str("communityCode"));
        // Checked at home in 红星 says nothing about 海裕: the new community checks them itself.
        Assert.Equal("unverified", moved.Str("verification"));
        Assert.Equal(HttpStatusCode.NotFound, (await hongxing.GetAsync($"/api/persons/{personId}")).StatusCode);
        Assert.Equal((hongxingBefore - 1, haiyuBefore + 1), (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu)));

        // Moved out of 红星, registered in 海裕: one entry in each jurisdiction's trail.
        var moves = await MovesOf(admin, personId);
        Assert.Equal([TestData.Haiyu, TestData.Hongxing], moves.Select(m => m.Str("jurisdictionCode")).Order(StringComparer.Ordinal));
        Assert.All(moves, m => Assert.Contains($"\"to\":\"{TestData.Haiyu}\"", m.Str("detail")));
        Assert.All(moves, m => Assert.Contains($"\"from\":\"{TestData.Hongxing}\"", m.Str("detail")));
        // 松岗's auditor sees the move out of 红星 (a 松岗 community), though 海裕 is in another street.
        var seenBySonggang = await MovesOf(await app.As("auditor"), personId);
        Assert.Equal(TestData.Hongxing, seenBySonggang.Single().Str("jurisdictionCode"));
    }

    [SkippableFact]
    public async Task A_resident_recorded_as_moved_out_may_be_registered_where_they_now_live()
    {
        var hongxing = await app.As("community-worker");
        var haiyu = await app.As("worker-haiyu");
        var id = TestData.NewResidentId();
        var personId = await RegisterAsync(hongxing, "迁移乙", id, TestData.Hongxing);
        // 红星's own act: found moved out at the household check.
        Assert.Equal(HttpStatusCode.NoContent, (await hongxing.PostAsJsonAsync($"/api/persons/{personId}/verification", new { status = "moved-out" })).StatusCode);
        var (hongxingBefore, haiyuBefore) = (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu));

        // A wrong name is refused like any person outside the caller's scope.
        var wrong = await ImportAsync(haiyu, [TestData.Row("迁移丙", id, community: TestData.Haiyu, building: "海裕楼3栋")]);
        Assert.Equal(("out-of-scope", 0), (SingleError(wrong).Str("code"), wrong.Int("updated")));

        // 海裕's own act: registering them where they now live.
        var result = await ImportAsync(haiyu, [TestData.Row("迁移乙", id, community: TestData.Haiyu, building: "海裕楼3栋", room: "1203")]);
        Assert.Equal((0, 1, 0), (result.Int("imported"), result.Int("updated"), result.Int("rejected")));
        var moved = await haiyu.GetJson($"/api/persons/{personId}");
        Assert.Equal((TestData.Haiyu, "海裕楼3栋", "1203", "unverified"), (moved.Str("communityCode"), moved.Str("building"), moved.Str("room"), moved.Str("verification")));
        Assert.Equal(HttpStatusCode.NotFound, (await hongxing.GetAsync($"/api/persons/{personId}")).StatusCode);
        // Already out of 红星's count since the check; now in 海裕's.
        Assert.Equal((hongxingBefore, haiyuBefore + 1), (await PopulationOf(TestData.Hongxing), await PopulationOf(TestData.Haiyu)));
        var moves = await MovesOf(await app.As("admin"), personId);
        Assert.Equal([TestData.Haiyu, TestData.Hongxing], moves.Select(m => m.Str("jurisdictionCode")).Order(StringComparer.Ordinal));
        Assert.All(moves, m => Assert.Equal("worker-haiyu", m.Str("userName")));
    }

    [SkippableFact]
    public async Task Registering_a_document_held_elsewhere_names_nobody()
    {
        var hongxing = await app.As("community-worker");
        var haiyu = await app.As("worker-haiyu");
        var id = TestData.NewResidentId();
        await RegisterAsync(hongxing, "朱丽叶", id, TestData.Hongxing);

        // By the form, with another name or with the same one: one answer, no name.
        foreach (var name in new[] { "张三", "朱丽叶" })
        {
            var response = await haiyu.PostAsJsonAsync("/api/persons", new { name, idNumber = id, communityCode = TestData.Haiyu, building = "海裕楼1栋" });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(["conflicts-with-existing"], await response.ProblemCodes());
            Assert.DoesNotContain("朱", await response.Content.ReadAsStringAsync());
        }

        // By an import inside the person's own community: the conflict is told, the registered name is not.
        var result = await ImportAsync(hongxing, [TestData.Row("沈冒名", id)]);
        var error = SingleError(result);
        Assert.Equal("conflicts-with-existing", error.Str("code"));
        Assert.DoesNotContain("朱", error.Str("message"));
        var english = await ImportAsync(await app.As("community-worker", "en"), [TestData.Row("沈冒名", id)]);
        Assert.DoesNotContain("朱", SingleError(english).Str("message"));
    }

    static readonly string[] Unclean =
    [
        "张\u0000三", "张\r\n三", "张\t三", "张\u001B三", "\u202E张三", "张\u202A三", "张\u2066三", "张\u2069", "张\u200B三", "张\u200D三", "\uFEFF张三",
    ];

    [SkippableFact]
    public async Task Names_and_addresses_with_control_bidi_or_invisible_characters_are_refused()
    {
        var worker = await app.As("community-worker");
        foreach (var bad in Unclean)
        {
            var name = await worker.PostAsJsonAsync("/api/persons", new { name = bad, idNumber = TestData.NewResidentId(), communityCode = TestData.Hongxing, building = "1栋" });
            Assert.True(name.StatusCode == HttpStatusCode.BadRequest, $"name {Escape(bad)} → {(int)name.StatusCode}");
            Assert.Equal(["invalid-characters"], await name.ProblemCodes());
            // A note may run over lines; nothing else may hold a line break.
            var lineBreak = bad.Contains('\n');
            var fields = await worker.PostAsJsonAsync("/api/persons", new
            {
                name = "李四", idNumber = TestData.NewResidentId(), communityCode = TestData.Hongxing, building = "1栋" + bad, room = bad + "101",
                note = lineBreak ? null : "备注" + bad,
            });
            Assert.Equal(HttpStatusCode.BadRequest, fields.StatusCode);
            var errors = (await fields.Body()).GetProperty("errors");
            foreach (var field in lineBreak ? ["building", "room"] : new[] { "building", "room", "note" })
                Assert.True(errors.TryGetProperty(field, out var codes) && codes[0].GetString() == "invalid-characters", $"{field} with {Escape(bad)}: {errors}");
        }

        // A roster row is refused on its own, with the column named.
        var result = await ImportAsync(worker, [TestData.Row("王\u200B五", TestData.NewResidentId()), TestData.Row("王六", TestData.NewResidentId())]);
        Assert.Equal((1, 1), (result.Int("imported"), result.Int("rejected")));
        Assert.Equal(("姓名", "invalid-characters"), (SingleError(result).Str("column"), SingleError(result).Str("code")));

        // Ordinary text stays welcome: a middle dot, a rare character, a note over two lines.
        var fine = await worker.PostAsJsonAsync("/api/persons", new
        {
            name = "阿依古丽·买买提𠮷", idNumber = TestData.NewResidentId(), communityCode = TestData.Hongxing, building = "A座（东）", room = "2单元502",
            note = "独居老人\n每周回访",
        });
        Assert.True(fine.StatusCode == HttpStatusCode.Created, await fine.Content.ReadAsStringAsync());
    }

    static string Escape(string s) => string.Concat(s.Select(c => c < 0x20 || c > 0x7e ? $"\\u{(int)c:X4}" : c.ToString()));
}

public sealed class SqliteRegistryWriteSecurityTests(SqliteApp app) : RegistryWriteSecurityTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresRegistryWriteSecurityTests(PostgresApp app) : RegistryWriteSecurityTests(app), IClassFixture<PostgresApp>;
