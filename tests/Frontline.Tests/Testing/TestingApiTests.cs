using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Testing;

/// <summary>Mass testing through its HTTP contract: rounds, scans, results, fan-out, coverage — on each provider.</summary>
public abstract class TestingApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<(string Round, string Site)> RoundAndSiteAsync(string scope = TestingTestData.Hongxing, int pool = 10)
    {
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = Next("第3轮全员核酸"), scope = new[] { scope }, startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = pool,
        });
        Assert.True(round.StatusCode == HttpStatusCode.Created, await round.Content.ReadAsStringAsync());
        var siteCode = Next("SITE");
        var site = await admin.PostAsJsonAsync("/api/testing/sites", new { code = siteCode, name = "红星社区党群服务中心采样点", communityCode = TestingTestData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, site.StatusCode);
        return ((await round.Body()).Str("id"), siteCode);
    }

    /// <summary>Fresh residents of 红星社区 for one test, so tests never share people.</summary>
    async Task<List<JsonElement>> ResidentsAsync(int count, DateOnly? born = null)
    {
        var admin = await app.As("admin");
        var building = Next("测试楼");
        var people = new List<JsonElement>();
        for (var i = 0; i < count; i++)
        {
            var id = TestData.NewResidentId(born: born);
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "受检" + i, idNumber = id, phone = TestData.NewPhone(), communityCode = TestingTestData.Hongxing, building, room = $"{101 + i}",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            people.Add(await admin.GetJson($"/api/persons/{(await created.Body()).Str("id")}?unmask=true&reason=test"));
        }
        return people;
    }

    static object Scan(string round, string site, string tube, JsonElement person, int? pool = null, string? eventId = null) => new
    {
        eventId = eventId ?? Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize = pool,
        idNumber = person.Str("idNumber"), collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector = "采样员01",
    };

    static async Task<JsonElement> Post(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Body();
    }

    static string[] Codes(JsonElement answer) => answer.GetProperty("rejected").EnumerateArray().Select(r => r.Str("code")).ToArray();

    [SkippableFact]
    public async Task The_collector_s_answer_names_each_refused_person_and_tells_what_each_tube_holds()
    {
        var (round, site) = await RoundAndSiteAsync(pool: 10);
        var people = await ResidentsAsync(4);
        var sampler = await app.As("sampler");
        var earlier = Next("T");
        await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, earlier, people[0]) } });

        var tube = Next("T");
        var untouched = Next("T");
        var stranger = TestData.NewResidentId();
        var answer = await Post(sampler, "/api/testing/samples/batch", new
        {
            events = new object[]
            {
                Scan(round, site, tube, people[1]),                                                             // accepted
                Scan(round, site, tube, people[0]),                                                             // already-sampled
                new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, idNumber = stranger }, // unknown-person
                Scan(round, site, tube, people[2]),                                                             // accepted
                Scan(round, site, untouched, people[0]),                                                        // already-sampled: a tube never made
                new { eventId = Next("ev"), roundId = round, siteCode = "NO-SUCH-SITE", tubeCode = earlier, idNumber = stranger }, // unknown-site
            },
        });
        Assert.Equal(2, answer.Int("accepted"));
        var refused = answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.Int("index"));
        Assert.Equal("already-sampled", refused[1].Str("code"));
        // The sampler holds the person's document: the answer says whom to call back, by name; nobody is named for a stranger.
        Assert.Equal(people[0].Str("name"), refused[1].Str("personName"));
        Assert.Equal("unknown-person", refused[2].Str("code"));
        Assert.Equal(JsonValueKind.Null, refused[2].GetProperty("personName").ValueKind);
        Assert.DoesNotContain(stranger, answer.GetRawText());
        var tubes = answer.GetProperty("tubes").EnumerateArray().ToDictionary(x => x.Str("tubeCode"), x => x.Int("accepted"));
        // The tubes the ingest reached it tells as they stood at its commit; one only named by an item refused before
        // (an unknown site) is read afterwards.
        Assert.Equal(new Dictionary<string, int> { [tube] = 2, [untouched] = 0, [earlier] = 1 }, tubes);

        // The same person scanned into the tube again is refused and the tube still holds two.
        var retry = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, people[1]) } });
        Assert.Equal(2, retry.GetProperty("tubes").EnumerateArray().Single().Int("accepted"));
        // Another person into the same tube from a later batch: it holds three.
        var more = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, people[3]) } });
        Assert.Equal((1, 3), (more.Int("accepted"), more.GetProperty("tubes").EnumerateArray().Single().Int("accepted")));
    }

    [SkippableFact]
    public async Task Rounds_and_sites_are_validated()
    {
        var admin = await app.As("admin");
        var bad = await admin.PostAsJsonAsync("/api/testing/rounds", new { name = "", scope = new[] { "999999999999" }, poolSize = 7,
            startsAt = DateTimeOffset.UtcNow, endsAt = DateTimeOffset.UtcNow.AddHours(-1) });
        var codes = await bad.ProblemCodes();
        Assert.Contains("missing-field", codes);
        Assert.Contains("unknown-community", codes);
        Assert.Contains("invalid-pool-size", codes);
        Assert.Contains("invalid-field", codes);
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/testing/rounds", new { name = "x" })).StatusCode);
        var (round, site) = await RoundAndSiteAsync();
        var sampler = await app.As("sampler");
        var rounds = await sampler.GetJson("/api/testing/rounds");
        Assert.Contains(rounds.EnumerateArray(), r => r.Str("id") == round && r.Str("state") == "open");
        Assert.Contains((await sampler.GetJson("/api/testing/sites")).EnumerateArray(), s => s.Str("code") == site);
    }

    [SkippableFact]
    public async Task Every_scan_item_code_and_idempotent_retries()
    {
        var (round, site) = await RoundAndSiteAsync(pool: 5);
        var (otherRound, _) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(9);
        var sampler = await app.As("sampler");
        var tube = Next("T");
        var otherTube = Next("T");
        // One tube of the other round, to be refused in this one.
        Assert.Equal(1, (await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(otherRound, site, otherTube, people[8]) } })).Int("accepted"));

        var first = Enumerable.Range(0, 5).Select(i => Scan(round, site, tube, people[i])).ToList();
        var answer = await Post(sampler, "/api/testing/samples/batch", new { events = first });
        Assert.Equal(5, answer.Int("accepted"));

        var bad = new object[]
        {
            Scan(round, site, tube, people[5]),                                                               // 0 tube-full
            Scan(round, site, Next("T"), people[0]),                                                          // 1 already-sampled
            Scan(round, site, otherTube, people[6]),                                                          // 2 tube-in-other-round
            Scan("999999", site, Next("T"), people[6]),                                                       // 3 unknown-round
            Scan(round, "NO-SUCH-SITE", Next("T"), people[6]),                                                // 4 unknown-site
            new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = Next("T"), idNumber = TestData.NewResidentId() }, // 5 unknown-person
            new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = Next("T"), idNumber = TestData.WithBadChecksum(TestData.NewResidentId()) }, // 6
            new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = Next("T"), idNumber = people[6].Str("idNumber"),
                collectedAt = DateTimeOffset.UtcNow.AddDays(-2) },                                            // 7 round-closed
            Scan(round, site, Next("T"), people[7]),                                                          // 8 accepted
        };
        answer = await Post(sampler, "/api/testing/samples/batch", new { events = bad });
        Assert.Equal(1, answer.Int("accepted"));
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.Int("index"), r => r.Str("code"));
        Assert.Equal(new Dictionary<int, string>
        {
            [0] = "tube-full", [1] = "already-sampled", [2] = "tube-in-other-round", [3] = "unknown-round", [4] = "unknown-site",
            [5] = "unknown-person", [6] = "invalid-id-checksum", [7] = "round-closed",
        }, rejected);
        Assert.All(answer.GetProperty("rejected").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.Str("message"))));

        // The collector's phone retries the first batch: counted as duplicates, nothing stored twice.
        var retry = await Post(sampler, "/api/testing/samples/batch", new { events = first });
        Assert.Equal((0, 5), (retry.Int("accepted"), retry.Int("duplicates")));
        var coverage = await (await app.As("admin")).GetJson($"/api/testing/rounds/{round}/coverage?jurisdiction={TestingTestData.Hongxing}");
        Assert.Equal(6, coverage.GetProperty("sampled").GetInt64());
        Assert.Equal(6, coverage.GetProperty("pending").GetInt64());

        // The lab result arrived: sampling into that tube is refused.
        var lab = await app.As("lab");
        await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        var late = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, people[6]) } });
        Assert.Equal(["tube-resulted"], Codes(late));
    }

    [SkippableFact]
    public async Task Concurrent_batches_into_one_new_tube_never_overfill_it()
    {
        var (round, site) = await RoundAndSiteAsync(pool: 10);
        var people = await ResidentsAsync(20);
        var tube = Next("T");
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.As("sampler")));
        var answers = await Task.WhenAll(clients.Select((c, i) =>
            c.PostAsJsonAsync("/api/testing/samples/batch", new { events = people.Skip(i * 5).Take(5).Select(p => Scan(round, site, tube, p)).ToArray() })));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(a => a.Body()));
        Assert.Equal(10, bodies.Sum(b => b.Int("accepted")));
        Assert.All(bodies.SelectMany(Codes), code => Assert.Equal("tube-full", code));
        var coverage = await (await app.As("admin")).GetJson($"/api/testing/rounds/{round}/coverage?jurisdiction={TestingTestData.Hongxing}");
        Assert.Equal(10, coverage.GetProperty("sampled").GetInt64());
    }

    [SkippableFact]
    public async Task The_same_batch_sent_several_times_at_once_is_stored_once_and_answered_as_duplicates()
    {
        var (round, site) = await RoundAndSiteAsync(pool: 10);
        var people = await ResidentsAsync(10);
        var tube = Next("T");
        var batch = new { events = people.Select(p => Scan(round, site, tube, p)).ToArray() };
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.As("sampler")));
        var answers = await Task.WhenAll(clients.Select(c => c.PostAsJsonAsync("/api/testing/samples/batch", batch)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var bodies = await Task.WhenAll(answers.Select(a => a.Body()));
        // A collector re-sending after a timeout must never be told its own scans were refused.
        Assert.All(bodies, b => Assert.Empty(Codes(b)));
        Assert.All(bodies, b => Assert.Equal(10, b.Int("accepted") + b.Int("duplicates")));
        Assert.Equal(10, bodies.Sum(b => b.Int("accepted")));
        var coverage = await (await app.As("admin")).GetJson($"/api/testing/rounds/{round}/coverage?jurisdiction={TestingTestData.Hongxing}");
        Assert.Equal(10, coverage.GetProperty("sampled").GetInt64());
    }

    [SkippableFact]
    public async Task A_stranger_with_name_and_phone_is_registered_as_floating_and_flagged()
    {
        var (round, site) = await RoundAndSiteAsync();
        var sampler = await app.As("sampler");
        var id = TestData.NewResidentId();
        var answer = await Post(sampler, "/api/testing/samples/batch", new
        {
            events = new[] { new { eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = Next("T"), idNumber = id, name = "临时来访", phone = "13912345678" } },
        });
        Assert.Equal(1, answer.Int("accepted"));
        var found = (await (await app.As("community-worker")).GetJson($"/api/persons?q={id}")).GetProperty("items")[0];
        Assert.True(found.GetProperty("needsVerification").GetBoolean());
        Assert.Equal("floating", found.Str("residentType"));
        Assert.Equal(TestingTestData.Hongxing, found.Str("communityCode"));
    }

    [SkippableFact]
    public async Task A_positive_pool_puts_its_people_under_control_orders_retests_and_a_positive_retest_makes_a_case()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(3);
        var sampler = await app.As("sampler");
        var lab = await app.As("lab");
        var worker = await app.As("community-worker");
        var pool = Next("T");
        Assert.Equal(3, (await Post(sampler, "/api/testing/samples/batch", new { events = people.Select(p => Scan(round, site, pool, p)).ToArray() })).Int("accepted"));

        var resultId = Next("r");
        var positive = new { eventId = resultId, roundId = round, tubeCode = pool, outcome = "positive", ctOrf1ab = 28.4, ctN = 30.2, lab = "松岗检测实验室" };
        Assert.Equal(1, (await Post(lab, "/api/testing/results/batch", new { results = new[] { positive } })).Int("accepted"));
        Assert.Equal(1, (await Post(lab, "/api/testing/results/batch", new { results = new[] { positive } })).Int("duplicates"));
        var conflicting = await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = pool, outcome = "negative" } } });
        Assert.Equal(["conflicting-result"], Codes(conflicting));
        Assert.Equal(["unknown-tube"], Codes(await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = "NOPE", outcome = "negative" } } })));

        foreach (var p in people)
        {
            var status = await worker.GetJson($"/api/persons/{p.Str("id")}/status");
            Assert.Equal("temporary", status.Str("control"));
            Assert.Equal(JsonValueKind.String, status.GetProperty("retestDue").ValueKind);
            Assert.Equal("positive", status.GetProperty("latestResult").Str("outcome"));
        }
        var orders = await worker.GetJson($"/api/testing/retests?roundId={round}&status=due");
        Assert.Equal(3, orders.GetProperty("items").EnumerateArray().Count(o => o.Str("tubeCode") == pool && o.Str("reason") == "positive-pool"));
        var tasks = await worker.GetJson("/api/tasks?status=open");
        var task = tasks.GetProperty("items").EnumerateArray().Single(t => t.Str("kind") == "positive-pool" && t.Str("title").Contains(pool));
        Assert.Equal(0, task.Int("escalationLevel"));
        var coverage = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(1, coverage.GetProperty("positiveTubes").GetInt64());

        // Individual re-tests: the first negative (control lifted), the second positive (a case).
        var retestTubes = new[] { Next("R"), Next("R") };
        var retests = await Post(sampler, "/api/testing/samples/batch", new { events = new[]
        {
            Scan(round, site, retestTubes[0], people[0], pool: 1), Scan(round, site, retestTubes[1], people[1], pool: 1),
            Scan(round, site, Next("R"), people[2], pool: 10),
        } });
        Assert.Equal(2, retests.Int("accepted"));
        Assert.Equal(["retest-needs-single-tube"], Codes(retests));
        await Post(lab, "/api/testing/results/batch", new { results = new object[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = retestTubes[0], outcome = "negative" },
            new { eventId = Next("r"), roundId = round, tubeCode = retestTubes[1], outcome = "positive", ctOrf1ab = 25.0, ctN = 26.0 },
        } });
        Assert.Equal("none", (await worker.GetJson($"/api/persons/{people[0].Str("id")}/status")).Str("control"));
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        Assert.Equal("case", (await worker.GetJson($"/api/persons/{people[1].Str("id")}/status")).Str("control"));
        var cases = await (await app.As("investigator")).GetJson("/api/cases");
        var found = cases.GetProperty("items").EnumerateArray().Single(c => c.Str("personId") == people[1].Str("id"));
        Assert.Equal("mass-testing", found.Str("detectedBy"));
        Assert.Equal("temporary", (await worker.GetJson($"/api/persons/{people[2].Str("id")}/status")).Str("control"));
        var done = await worker.GetJson($"/api/testing/retests?roundId={round}&status=done");
        Assert.Equal(2, done.GetProperty("items").EnumerateArray().Count(o => o.Str("tubeCode") == pool));

        // Delivered twice, still one case.
        await app.Services.GetRequiredService<Outbox>().DispatchPendingAsync();
        var again = await (await app.As("investigator")).GetJson("/api/cases?pageSize=500");
        Assert.Single(again.GetProperty("items").EnumerateArray(), c => c.Str("personId") == people[1].Str("id"));
    }

    [SkippableFact]
    public async Task An_invalid_tube_orders_resampling_of_everyone_in_it()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(2);
        var tube = Next("T");
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = people.Select(p => Scan(round, site, tube, p)).ToArray() });
        await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "invalid" } } });
        var orders = await (await app.As("community-worker")).GetJson($"/api/testing/retests?roundId={round}");
        Assert.Equal(2, orders.GetProperty("items").EnumerateArray().Count(o => o.Str("reason") == "invalid-tube"));
        Assert.Equal("none", (await (await app.As("community-worker")).GetJson($"/api/persons/{people[0].Str("id")}/status")).Str("control"));
    }

    [SkippableFact]
    public async Task Coverage_and_the_untested_list_follow_the_scans()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(4);
        var worker = await app.As("community-worker");
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        var population = before.GetProperty("population").GetInt64();
        Assert.True(population > 0);
        Assert.Equal(0, before.GetProperty("sampled").GetInt64());
        Assert.Equal(population - before.GetProperty("exempt").GetInt64(), before.GetProperty("untested").GetInt64());
        var untestedBefore = await worker.GetJson($"/api/testing/rounds/{round}/untested?pageSize=500");

        var tube = Next("T");
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = people.Select(p => Scan(round, site, tube, p)).ToArray() });
        await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });

        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(4, after.GetProperty("sampled").GetInt64());
        Assert.Equal(4, after.GetProperty("negative").GetInt64());
        Assert.Equal(0, after.GetProperty("pending").GetInt64());
        var expected = Math.Round(100.0 * 4 / (population - after.GetProperty("exempt").GetInt64()), 1);
        Assert.Equal(expected, after.GetProperty("coverage").GetDouble());
        var untested = await worker.GetJson($"/api/testing/rounds/{round}/untested?pageSize=500");
        Assert.Equal(untestedBefore.GetProperty("total").GetInt64() - 4, untested.GetProperty("total").GetInt64());
        var ids = untested.GetProperty("items").EnumerateArray().Select(p => p.Str("personId")).ToHashSet();
        Assert.DoesNotContain(people[0].Str("id"), ids);
        Assert.All(untested.GetProperty("items").EnumerateArray(), p => Assert.Contains("********", p.Str("idNumber")));

        var admin = await app.As("admin");
        var streets = await admin.GetJson($"/api/testing/rounds/{round}/coverage/children?jurisdiction={TestData.District}");
        Assert.Equal(4, streets.EnumerateArray().Single(s => s.Str("jurisdiction") == TestData.Songgang).GetProperty("sampled").GetInt64());
        var buildings = await worker.GetJson($"/api/testing/rounds/{round}/coverage/buildings?community={TestingTestData.Hongxing}");
        Assert.Equal(4, buildings.EnumerateArray().Sum(b => b.Int("sampled")));

        var export = await worker.GetAsync($"/api/testing/rounds/{round}/untested.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = MiniExcelLibs.MiniExcel.Query(await export.Content.ReadAsStreamAsync(), useHeaderRow: true).Count();
        Assert.Equal(untested.GetProperty("total").GetInt64(), rows);

        // Another community's worker sees neither the list nor the figures of 红星社区.
        var haiyu = await app.As("worker-haiyu");
        Assert.Equal(HttpStatusCode.NotFound, (await haiyu.GetAsync($"/api/testing/rounds/{round}/coverage")).StatusCode);
    }

    /// <summary>
    /// The figures of 红星社区 as coverage and the untested list give them, checked against each other:
    /// population = exempt + sampled + untested, and the list holds exactly the untested figure.
    /// </summary>
    async Task<(long Population, long Exempt, long Sampled, long Untested, long Persons)> FiguresAddUpAsync(HttpClient worker, string round, string step)
    {
        var coverage = await worker.GetJson($"/api/testing/rounds/{round}/coverage?jurisdiction={TestingTestData.Hongxing}");
        long F(string name) => coverage.GetProperty(name).GetInt64();
        var listed = (await worker.GetJson($"/api/testing/rounds/{round}/untested?jurisdiction={TestingTestData.Hongxing}&pageSize=1")).GetProperty("total").GetInt64();
        var persons = (await worker.GetJson($"/api/persons?jurisdiction={TestingTestData.Hongxing}&pageSize=1")).GetProperty("total").GetInt64();
        Assert.True(F("population") == F("exempt") + F("sampled") + F("untested"),
            $"{step}: population {F("population")} ≠ exempt {F("exempt")} + sampled {F("sampled")} + untested {F("untested")}");
        Assert.True(listed == F("untested"), $"{step}: the untested list holds {listed}, coverage says {F("untested")} untested");
        return (F("population"), F("exempt"), F("sampled"), F("untested"), persons);
    }

    static object Stranger(string round, string site, string tube, string idNumber, int? pool = null) => new
    {
        eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = tube, poolSize = pool, idNumber, name = "临时来访", phone = TestData.NewPhone(),
        collectedAt = DateTimeOffset.UtcNow.AddMinutes(-5), collector = "采样员01",
    };

    [SkippableFact]
    public async Task Coverage_and_the_untested_list_agree_after_every_kind_of_scan_and_registry_change()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(3);
        var worker = await app.As("community-worker");
        var sampler = await app.As("sampler");
        var start = await FiguresAddUpAsync(worker, round, "start");

        var tube = Next("T");
        var answer = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tube, people[0], pool: 1) } });
        Assert.Equal(1, answer.Int("accepted"));
        var known = await FiguresAddUpAsync(worker, round, "known person accepted");
        Assert.Equal((start.Population, start.Sampled + 1, start.Persons), (known.Population, known.Sampled, known.Persons));

        // A stranger with a name and a phone, in a single tube: registered as floating and counted at once.
        var single = Next("T");
        answer = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Stranger(round, site, single, TestData.NewResidentId(), pool: 1) } });
        Assert.Equal(1, answer.Int("accepted"));
        var floating = await FiguresAddUpAsync(worker, round, "floating registration accepted");
        Assert.Equal((known.Population + 1, known.Sampled + 1, known.Persons + 1), (floating.Population, floating.Sampled, floating.Persons));

        // Another stranger for the full tube is refused, and nobody is registered.
        var refusedId = TestData.NewResidentId();
        answer = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Stranger(round, site, single, refusedId) } });
        Assert.Equal(["tube-full"], Codes(answer));
        var refused = await FiguresAddUpAsync(worker, round, "floating registration refused (tube-full)");
        Assert.Equal((floating.Population, floating.Sampled, floating.Persons), (refused.Population, refused.Sampled, refused.Persons));
        Assert.Equal(0, (await worker.GetJson($"/api/persons?q={refusedId}")).GetProperty("total").GetInt64());

        // The pool is positive; the re-test of the known person is a sample, not a second count.
        await Post(await app.As("lab"), "/api/testing/results/batch", new { results = new[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "positive", ctOrf1ab = 28.0, ctN = 30.0 },
        } });
        await FiguresAddUpAsync(worker, round, "positive pool");
        answer = await Post(sampler, "/api/testing/samples/batch", new { events = new[] { Scan(round, site, Next("R"), people[0], pool: 1) } });
        Assert.Equal(1, answer.Int("accepted"));
        var retest = await FiguresAddUpAsync(worker, round, "re-test scan");
        Assert.Equal((refused.Population, refused.Sampled), (retest.Population, retest.Sampled));

        // Door-knocking the untested list: one has moved out.
        var moved = await worker.PostAsJsonAsync($"/api/persons/{people[1].Str("id")}/verification", new { status = "moved-out", note = "已搬离" });
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var movedOut = await FiguresAddUpAsync(worker, round, "moved out");
        Assert.Equal((retest.Population - 1, retest.Untested - 1), (movedOut.Population, movedOut.Untested));

        var exempt = await worker.PostAsJsonAsync("/api/testing/exemptions", new { personId = people[2].Str("id"), reason = "away" });
        Assert.Equal(HttpStatusCode.Created, exempt.StatusCode);
        var exempted = await FiguresAddUpAsync(worker, round, "exemption");
        Assert.Equal((movedOut.Exempt + 1, movedOut.Untested - 1), (exempted.Exempt, exempted.Untested));

        // A newcomer registered at the door and two residents of a roster import count at once too.
        var newcomer = await worker.PostAsJsonAsync("/api/persons", new
        {
            name = "新住户", idNumber = TestData.NewResidentId(), phone = TestData.NewPhone(), communityCode = TestingTestData.Hongxing, building = Next("测试楼"),
        });
        Assert.Equal(HttpStatusCode.Created, newcomer.StatusCode);
        var rows = new[] { TestData.Row("导入一", TestData.NewResidentId()), TestData.Row("导入二", TestData.NewResidentId()) };
        var import = await worker.PostAsync("/api/registry/imports", TestData.Upload(TestData.Csv(rows), "newcomers.csv"));
        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var registered = await FiguresAddUpAsync(worker, round, "newcomer and roster import");
        Assert.Equal((exempted.Population + 3, exempted.Untested + 3, exempted.Persons + 3), (registered.Population, registered.Untested, registered.Persons));
    }

    [SkippableFact]
    public async Task A_labs_result_file_is_applied_row_by_row_and_uploading_it_again_changes_nothing()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(2);
        var tubes = new[] { Next("T"), Next("T") };
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = new[] { Scan(round, site, tubes[0], people[0]), Scan(round, site, tubes[1], people[1]) } });
        var csv = TestData.Csv(
        [
            [tubes[0], "阴性", "", "", "松岗检测实验室", "2022-03-14 18:00"],
            [tubes[1], "阳性", "28.5", "31.2", "松岗检测实验室", "2022-03-14 18:05"],
            ["NO-SUCH-TUBE", "阴性", "", "", "松岗检测实验室", ""],
            [tubes[0], "阴性", "abc", "", "松岗检测实验室", ""],
        ], header: ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"]);
        var lab = await app.As("lab");
        var first = await (await lab.PostAsync($"/api/testing/results/upload?roundId={round}", TestData.Upload(csv, "lab-results.csv"))).Body();
        Assert.Equal((4, 2, 0), (first.Int("total"), first.Int("accepted"), first.Int("duplicates")));
        var errors = first.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("code"))).ToList();
        Assert.Equal([(4, "unknown-tube"), (5, "invalid-ct")], errors);
        var again = await (await lab.PostAsync($"/api/testing/results/upload?roundId={round}", TestData.Upload(csv, "lab-results.csv"))).Body();
        Assert.Equal((0, 2), (again.Int("accepted"), again.Int("duplicates")));
        Assert.Equal("temporary", (await (await app.As("community-worker")).GetJson($"/api/persons/{people[1].Str("id")}/status")).Str("control"));
    }

    [SkippableFact]
    public async Task Away_residents_are_exempt_from_coverage()
    {
        var (round, _) = await RoundAndSiteAsync();
        var person = (await ResidentsAsync(1))[0];
        var worker = await app.As("community-worker");
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        var exempt = await worker.PostAsJsonAsync("/api/testing/exemptions", new { personId = person.Str("id"), reason = "away" });
        Assert.Equal(HttpStatusCode.Created, exempt.StatusCode);
        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(before.GetProperty("exempt").GetInt64() + 1, after.GetProperty("exempt").GetInt64());
        var untested = await worker.GetJson($"/api/testing/rounds/{round}/untested?pageSize=500");
        Assert.DoesNotContain(untested.GetProperty("items").EnumerateArray(), p => p.Str("personId") == person.Str("id"));
    }

    [SkippableFact]
    public async Task An_exempt_person_sampled_anyway_counts_once_as_sampled()
    {
        var (round, site) = await RoundAndSiteAsync();
        var bedridden = (await ResidentsAsync(1))[0];
        var infant = (await ResidentsAsync(1, born: DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-8)))[0];
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Created,
            (await worker.PostAsJsonAsync("/api/testing/exemptions", new { personId = bedridden.Str("id"), reason = "bedridden" })).StatusCode);
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");

        // A home-sampling team swabs the bedridden resident; a parent brings the baby along.
        var answer = await Post(await app.As("sampler"), "/api/testing/samples/batch",
            new { events = new[] { Scan(round, site, Next("T"), bedridden, pool: 1), Scan(round, site, Next("T"), infant, pool: 1) } });
        Assert.Equal(2, answer.Int("accepted"));

        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(before.GetProperty("sampled").GetInt64() + 2, after.GetProperty("sampled").GetInt64());
        Assert.Equal(before.GetProperty("exempt").GetInt64() - 2, after.GetProperty("exempt").GetInt64());
        Assert.Equal(before.GetProperty("untested").GetInt64(), after.GetProperty("untested").GetInt64());
        var population = after.GetProperty("population").GetInt64();
        Assert.Equal(population, after.GetProperty("exempt").GetInt64() + after.GetProperty("sampled").GetInt64() + after.GetProperty("untested").GetInt64());
    }

    [SkippableFact]
    public async Task A_moved_out_infant_is_neither_population_nor_exempt()
    {
        var (round, _) = await RoundAndSiteAsync();
        var infant = (await ResidentsAsync(1, born: DateOnly.FromDateTime(DateTime.UtcNow).AddMonths(-3)))[0];
        var worker = await app.As("community-worker");
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        var moved = await worker.PostAsJsonAsync($"/api/persons/{infant.Str("id")}/verification", new { status = "moved-out", note = "随父母搬离" });
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(before.GetProperty("population").GetInt64() - 1, after.GetProperty("population").GetInt64());
        Assert.Equal(before.GetProperty("exempt").GetInt64() - 1, after.GetProperty("exempt").GetInt64());
        Assert.Equal(before.GetProperty("untested").GetInt64(), after.GetProperty("untested").GetInt64());
    }

    [SkippableFact]
    public async Task A_sites_team_is_made_of_sampler_accounts_that_may_work_there()
    {
        var commander = await app.As("street-commander");
        var options = (await commander.GetJson("/api/testing/samplers")).EnumerateArray().Select(u => u.Str("userName")).ToList();
        Assert.Contains("sampler", options);
        Assert.DoesNotContain("lab", options);

        var code = Next("SITE");
        var refused = await commander.PostAsJsonAsync("/api/testing/sites",
            new { code, name = "红星社区文化广场", communityCode = TestingTestData.Hongxing, samplers = new[] { "sampler", "lab", "nobody-here" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Body();
        Assert.Equal("unknown-sampler", problem.Str("code"));
        Assert.Contains("lab", problem.Str("detail"));
        Assert.Contains("nobody-here", problem.Str("detail"));

        var created = await commander.PostAsJsonAsync("/api/testing/sites",
            new { code, name = "红星社区文化广场", communityCode = TestingTestData.Hongxing, samplers = new[] { "sampler" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Body()).Str("id");
        Assert.Equal(HttpStatusCode.NoContent,
            (await commander.PutAsJsonAsync($"/api/testing/sites/{id}", new { name = "红星社区文化广场（夜间）", samplers = Array.Empty<string>() })).StatusCode);
        var site = (await (await app.As("sampler")).GetJson("/api/testing/sites")).EnumerateArray().Single(x => x.Str("code") == code);
        Assert.Equal("红星社区文化广场（夜间）", site.Str("name"));
        Assert.Empty(site.GetProperty("samplers").EnumerateArray());

        // A site in another street does not exist for this street's commander; a sampler cannot change teams.
        var elsewhere = await (await app.As("admin")).PostAsJsonAsync("/api/testing/sites",
            new { code = Next("SITE"), name = "海裕社区采样点", communityCode = TestData.Haiyu });
        var elsewhereId = (await elsewhere.Body()).Str("id");
        Assert.Equal(HttpStatusCode.NotFound, (await commander.PutAsJsonAsync($"/api/testing/sites/{elsewhereId}", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).PutAsJsonAsync($"/api/testing/sites/{id}", new { name = "x" })).StatusCode);
        var trail = await (await app.As("admin")).GetJson($"/api/audit?action=site.update&subject=site:{id}");
        Assert.Single(trail.GetProperty("items").EnumerateArray());
    }

    [SkippableFact]
    public async Task A_round_is_closed_by_whoever_commands_all_of_it_and_then_takes_no_new_scans()
    {
        var (round, site) = await RoundAndSiteAsync(scope: TestData.District);
        var people = await ResidentsAsync(2);
        // 松岗's commander sees the district round but does not command all of it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("street-commander")).PostAsync($"/api/testing/rounds/{round}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await (await app.As("commander")).PostAsync($"/api/testing/rounds/{round}/close", null)).StatusCode);
        var rounds = await (await app.As("sampler")).GetJson("/api/testing/rounds");
        Assert.Equal("closed", rounds.EnumerateArray().Single(r => r.Str("id") == round).Str("state"));
        // Swabbed after the close: refused. Swabbed before it and sent late by a site that was offline: still counts.
        var afterClose = new
        {
            eventId = Next("ev"), roundId = round, siteCode = site, tubeCode = Next("T"), poolSize = (int?)null, idNumber = people[0].Str("idNumber"),
            collectedAt = DateTimeOffset.UtcNow.AddSeconds(1), collector = "采样员01",
        };
        var answer = await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = new object[] { afterClose, Scan(round, site, Next("T"), people[1]) } });
        Assert.Equal(["round-closed"], Codes(answer));
        Assert.Equal(1, answer.Int("accepted"));
        var trail = await (await app.As("admin")).GetJson($"/api/audit?action=round.close&subject=round:{round}");
        Assert.Equal("commander", trail.GetProperty("items").EnumerateArray().Single().Str("userName"));
    }

    async Task<JsonElement> ConflictAsync(HttpClient reviewer, string round, string tube)
    {
        var list = await reviewer.GetJson($"/api/testing/result-reviews?roundId={round}");
        return list.GetProperty("items").EnumerateArray().Single(c => c.Str("tubeCode") == tube);
    }

    [SkippableFact]
    public async Task A_conflicting_positive_waits_for_a_decision_and_adopting_it_sets_off_the_positive_pool()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(3);
        var lab = await app.As("lab");
        var worker = await app.As("community-worker");
        var tube = Next("T");
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = people.Select(p => Scan(round, site, tube, p)).ToArray() });
        await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        var second = await Post(lab, "/api/testing/results/batch", new { results = new[]
        {
            new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "positive", ctOrf1ab = 27.5, ctN = 29.0, lab = "松岗检测实验室" },
        } });
        Assert.Equal(["conflicting-result"], Codes(second));
        // Kept, not applied: nobody is under control yet.
        Assert.Equal("none", (await worker.GetJson($"/api/persons/{people[0].Str("id")}/status")).Str("control"));
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal((3, 0), (before.GetProperty("negative").GetInt32(), before.GetProperty("positiveTubes").GetInt32()));

        var conflict = await ConflictAsync(lab, round, tube);
        Assert.Equal("negative", conflict.GetProperty("inForce").Str("outcome"));
        var waiting = conflict.GetProperty("waiting").EnumerateArray().Single();
        Assert.Equal(("positive", 27.5), (waiting.Str("outcome"), waiting.GetProperty("ctOrf1ab").GetDouble()));
        Assert.Equal(3, conflict.Int("people"));

        var url = $"/api/testing/result-reviews/{waiting.Str("id")}";
        Assert.Contains("missing-field", await (await lab.PostAsJsonAsync(url, new { decision = "adopt" })).ProblemCodes());
        Assert.Contains("invalid-field", await (await lab.PostAsJsonAsync(url, new { decision = "maybe", note = "x" })).ProblemCodes());
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync(url, new { decision = "adopt", note = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lab.PostAsJsonAsync("/api/testing/result-reviews/999999999", new { decision = "adopt", note = "x" })).StatusCode);

        const string reason = "实验室复检确认阳性，原阴性结果系录入错误";
        Assert.Equal(HttpStatusCode.NoContent, (await lab.PostAsJsonAsync(url, new { decision = "adopt", note = reason })).StatusCode);
        foreach (var p in people)
            Assert.Equal("temporary", (await worker.GetJson($"/api/persons/{p.Str("id")}/status")).Str("control"));
        var orders = await worker.GetJson($"/api/testing/retests?roundId={round}&status=due");
        Assert.Equal(3, orders.GetProperty("items").EnumerateArray().Count(o => o.Str("tubeCode") == tube && o.Str("reason") == "positive-pool"));
        Assert.Contains((await worker.GetJson("/api/tasks?status=open")).GetProperty("items").EnumerateArray(),
            t => t.Str("kind") == "positive-pool" && t.Str("title").Contains(tube));
        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal((0, 3, 1), (after.GetProperty("negative").GetInt32(), after.GetProperty("positivePeople").GetInt32(), after.GetProperty("positiveTubes").GetInt32()));
        Assert.Equal(before.GetProperty("sampled").GetInt64(), after.GetProperty("sampled").GetInt64());

        Assert.DoesNotContain((await lab.GetJson($"/api/testing/result-reviews?roundId={round}")).GetProperty("items").EnumerateArray(),
            c => c.Str("tubeCode") == tube);
        var again = await lab.PostAsJsonAsync(url, new { decision = "keep", note = reason });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(["already-reviewed"], await again.ProblemCodes());
        var trail = await (await app.As("admin")).GetJson($"/api/audit?action=testing.result-review&subject=tube:{tube}");
        Assert.Equal(reason, trail.GetProperty("items").EnumerateArray().Single().Str("reason"));
    }

    [SkippableFact]
    public async Task Keeping_the_result_in_force_changes_nothing_but_the_review()
    {
        var (round, site) = await RoundAndSiteAsync();
        var people = await ResidentsAsync(2);
        var lab = await app.As("lab");
        var tube = Next("T");
        await Post(await app.As("sampler"), "/api/testing/samples/batch", new { events = people.Select(p => Scan(round, site, tube, p)).ToArray() });
        await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "negative" } } });
        await Post(lab, "/api/testing/results/batch", new { results = new[] { new { eventId = Next("r"), roundId = round, tubeCode = tube, outcome = "invalid" } } });
        var worker = await app.As("community-worker");
        var before = await worker.GetJson($"/api/testing/rounds/{round}/coverage");

        // A street commander over 红星社区 sees the same list; another community's worker has no access to it.
        var commander = await app.As("street-commander");
        var conflict = await ConflictAsync(commander, round, tube);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("worker-haiyu")).GetAsync("/api/testing/result-reviews")).StatusCode);
        var id = conflict.GetProperty("waiting")[0].Str("id");
        Assert.Equal(HttpStatusCode.NoContent,
            (await commander.PostAsJsonAsync($"/api/testing/result-reviews/{id}", new { decision = "keep", note = "无效结果为仪器故障，已由实验室撤回" })).StatusCode);

        var after = await worker.GetJson($"/api/testing/rounds/{round}/coverage");
        Assert.Equal(before.GetProperty("negative").GetInt64(), after.GetProperty("negative").GetInt64());
        Assert.Equal(0, after.GetProperty("invalid").GetInt64());
        Assert.DoesNotContain((await worker.GetJson($"/api/testing/retests?roundId={round}")).GetProperty("items").EnumerateArray(), o => o.Str("tubeCode") == tube);
        Assert.DoesNotContain((await lab.GetJson($"/api/testing/result-reviews?roundId={round}")).GetProperty("items").EnumerateArray(),
            c => c.Str("tubeCode") == tube);
    }
}

static class TestingTestData
{
    public const string Hongxing = TestData.Hongxing;
}

public sealed class SqliteTestingApiTests(SqliteApp app) : TestingApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTestingApiTests(PostgresApp app) : TestingApiTests(app), IClassFixture<PostgresApp>;
