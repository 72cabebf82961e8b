using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Investigation;

/// <summary>Venue codes, check-ins, trajectories and space-time companions through the HTTP contract, on each provider.</summary>
public abstract class CheckInApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";
    static readonly TimeSpan China = TimeSpan.FromHours(8);
    static DateOnly ChinaToday => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);
    static DateTimeOffset ChinaMidnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), China);

    async Task<(string Id, string Code)> PlaceAsync(string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var code = Next("VENUE");
        var created = await admin.PostAsJsonAsync("/api/places", new { code, name = "测试农贸市场" + code[^4..], kind = "market", communityCode = community });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Body()).Str("id"), code);
    }

    async Task<List<(string Id, string IdNumber)>> ResidentsAsync(int count, string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var building = Next("测试楼");
        var people = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var idNumber = TestData.NewResidentId();
            var created = await admin.PostAsJsonAsync("/api/persons", new
            {
                name = "扫码" + i, idNumber, phone = TestData.NewPhone(), communityCode = community, building, room = $"{101 + i}",
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            people.Add(((await created.Body()).Str("id"), idNumber));
        }
        return people;
    }

    /// <summary>A confirmed case with onset yesterday (China): its lookback starts at midnight three days ago.</summary>
    async Task<(string Id, DateTimeOffset LookbackFrom)> CaseAsync(string personId)
    {
        var admin = await app.As("admin");
        var created = await admin.PostAsJsonAsync("/api/cases", new { personId, classification = "confirmed", onsetDate = ChinaToday.AddDays(-1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Body()).Str("id"), ChinaMidnight(ChinaToday.AddDays(-3)));
    }

    static object Event(string venue, string personId, DateTimeOffset at, string? eventId = null) =>
        new { eventId = eventId ?? Next("ci"), venueCode = venue, personId, at };

    static async Task<JsonElement> PostOk(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode == HttpStatusCode.NoContent ? default : await response.Body();
    }

    [SkippableFact]
    public async Task A_batch_is_answered_item_by_item_and_a_resent_batch_is_all_duplicates()
    {
        var admin = await app.As("admin");
        var (_, venue) = await PlaceAsync();
        var people = await ResidentsAsync(2);
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var twice = Next("ci");
        var badChecksum = people[0].IdNumber[..17] + (people[0].IdNumber[17] == '1' ? "2" : "1");
        var events = new object?[]
        {
            Event(venue, people[0].Id, at),
            new { eventId = Next("ci"), venueCode = venue, idNumber = people[1].IdNumber, at },
            Event(venue, people[1].Id, at, twice),
            Event(venue, people[1].Id, at, twice),
            Event("NO-SUCH-VENUE", people[0].Id, at),
            Event(venue, "999999999", at),
            new { eventId = Next("ci"), venueCode = venue, idNumber = TestData.NewResidentId(), at },
            new { eventId = Next("ci"), venueCode = venue, idNumber = badChecksum, at },
            Event(venue, people[0].Id, DateTimeOffset.UtcNow.AddMinutes(30)),
            new { eventId = Next("ci"), venueCode = venue, personId = people[0].Id },
            null,
        };
        var answer = await PostOk(admin, "/api/checkins/batch", new { events });
        Assert.Equal(3, answer.Int("accepted"));
        Assert.Equal(1, answer.Int("duplicates"));
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToDictionary(r => r.GetProperty("index").GetInt32(), r => r.Str("code"));
        Assert.Equal(new Dictionary<int, string>
        {
            [4] = "unknown-venue", [5] = "unknown-person", [6] = "unknown-person", [7] = "invalid-id-checksum", [8] = "checkin-in-future",
            [9] = "missing-field", [10] = "invalid-item",
        }, rejected);
        // A check-in registers nobody: its words do not ask for a name and phone as a sampling scan's do.
        var unknown = answer.GetProperty("rejected").EnumerateArray().First(r => r.Str("code") == "unknown-person").Str("message");
        Assert.DoesNotContain("手机", unknown);

        var again = await PostOk(admin, "/api/checkins/batch", new { events });
        Assert.Equal(0, again.Int("accepted"));
        Assert.Equal(4, again.Int("duplicates"));

        var tooMany = Enumerable.Range(0, CheckInIngest.MaxBatch + 1).Select(_ => Event(venue, people[0].Id, at)).ToArray();
        var refused = await admin.PostAsJsonAsync("/api/checkins/batch", new { events = tooMany });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["batch-too-large"], await refused.ProblemCodes());
    }

    [SkippableFact]
    public async Task A_venue_outside_the_callers_jurisdiction_is_unknown_to_it()
    {
        var (_, haiyuVenue) = await PlaceAsync(TestData.Haiyu);
        var (_, hongxingVenue) = await PlaceAsync();
        var person = (await ResidentsAsync(1, TestData.Haiyu))[0];
        var investigator = await app.As("investigator");
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var answer = await PostOk(investigator, "/api/checkins/batch", new { events = new[] { Event(haiyuVenue, person.Id, at), Event(hongxingVenue, person.Id, at) } });
        Assert.Equal(1, answer.Int("accepted"));
        Assert.Equal("unknown-venue", answer.GetProperty("rejected")[0].Str("code"));
        Assert.Equal(0, answer.GetProperty("rejected")[0].GetProperty("index").GetInt32());
    }

    [SkippableFact]
    public async Task A_poster_carries_the_places_code_and_is_404_outside_the_jurisdiction()
    {
        var (id, code) = await PlaceAsync();
        var (haiyuId, _) = await PlaceAsync(TestData.Haiyu);
        var worker = await app.As("community-worker");
        var poster = await worker.GetAsync($"/api/places/{id}/poster");
        Assert.Equal(HttpStatusCode.OK, poster.StatusCode);
        Assert.Equal("text/html", poster.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await poster.Content.ReadAsStringAsync());
        Assert.Contains(code, html);
        Assert.Contains("<svg", html);
        Assert.Contains("场所码", html);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/places/{haiyuId}/poster")).StatusCode);
        Assert.Equal(code, VenuePosters.CodeOf(VenuePosters.Payload(code, "红星农贸市场")));
    }

    [SkippableFact]
    public async Task Trajectory_entries_are_checked_all_or_nothing_and_flagged_when_partly_outside_the_lookback()
    {
        var admin = await app.As("admin");
        var (_, venue) = await PlaceAsync();
        var person = (await ResidentsAsync(1))[0];
        var (caseId, from) = await CaseAsync(person.Id);
        var url = $"/api/cases/{caseId}/trajectory";
        var t = from.AddDays(1).AddHours(10);

        var bad = await admin.PostAsJsonAsync(url, new
        {
            entries = new object[]
            {
                new { venueCode = venue, from = t, to = t.AddHours(1) },
                new { venueCode = venue, from = t, to = t.AddHours(-1) },
                new { venueCode = "NO-SUCH-VENUE", from = t, to = t.AddHours(1) },
                new { venueCode = venue, address = "两者都填", from = t, to = t.AddHours(1) },
                new { address = "追溯期之前", from = from.AddDays(-3), to = from.AddDays(-2) },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Body()).GetProperty("errors");
        Assert.Equal("trajectory-ends-before-start", errors.GetProperty("entries[1].to")[0].GetString());
        Assert.Equal("unknown-venue", errors.GetProperty("entries[2].venueCode")[0].GetString());
        Assert.Equal("venue-or-address", errors.GetProperty("entries[3].venueCode")[0].GetString());
        Assert.Equal("trajectory-outside-lookback", errors.GetProperty("entries[4].from")[0].GetString());
        Assert.Equal(0, (await admin.GetJson(url)).GetProperty("total").GetInt64());

        var added = await admin.PostAsJsonAsync(url, new
        {
            entries = new object[]
            {
                new { venueCode = venue, from = t, to = t.AddHours(1), note = "买菜" },
                new { address = "亲戚家", from = from.AddHours(-2), to = from.AddHours(1) },
            },
        });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var body = await added.Body();
        Assert.Equal(2, body.GetProperty("ids").GetArrayLength());
        Assert.Equal(new[] { 1 }, body.GetProperty("partlyOutsideLookback").EnumerateArray().Select(i => i.GetInt32()).ToArray());

        var list = await admin.GetJson(url);
        Assert.Equal(from, list.GetProperty("lookback").GetProperty("from").GetDateTimeOffset());
        Assert.Equal("onset", list.GetProperty("lookback").Str("rule"));
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new string?[] { "亲戚家", null }, items.Select(i => i.GetProperty("address").GetString()).ToArray());
        Assert.True(items[0].GetProperty("partlyOutsideLookback").GetBoolean());
        Assert.Equal(venue, items[1].Str("venueCode"));
        Assert.Equal("manual", items[1].Str("source"));

        var entry = items[1].Str("id");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{url}/{entry}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"{url}/{entry}")).StatusCode);
        Assert.Equal(1, (await admin.GetJson(url)).GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task The_cases_own_check_ins_inside_the_lookback_are_offered_and_taken_once()
    {
        var admin = await app.As("admin");
        var (_, venue) = await PlaceAsync();
        var people = await ResidentsAsync(2);
        var (caseId, from) = await CaseAsync(people[0].Id);
        var inside = from.AddDays(1).AddHours(9);
        var answer = await PostOk(admin, "/api/checkins/batch", new
        {
            events = new[] { Event(venue, people[0].Id, inside), Event(venue, people[0].Id, from.AddHours(-1)), Event(venue, people[1].Id, inside) },
        });
        Assert.Equal(3, answer.Int("accepted"));

        var offered = await admin.GetJson($"/api/cases/{caseId}/trajectory/checkins");
        var only = Assert.Single(offered.GetProperty("items").EnumerateArray());
        Assert.Equal(inside, only.GetProperty("at").GetDateTimeOffset());
        Assert.False(only.GetProperty("inTrajectory").GetBoolean());

        var taken = await PostOk(admin, $"/api/cases/{caseId}/trajectory/checkins", new { checkInIds = new[] { only.Str("id") } });
        Assert.Equal(1, taken.GetProperty("ids").GetArrayLength());
        var again = await PostOk(admin, $"/api/cases/{caseId}/trajectory/checkins", new { checkInIds = new[] { only.Str("id") } });
        Assert.Equal(0, again.GetProperty("ids").GetArrayLength());
        var entry = Assert.Single((await admin.GetJson($"/api/cases/{caseId}/trajectory")).GetProperty("items").EnumerateArray());
        Assert.Equal("checkin", entry.Str("source"));
        Assert.Equal(only.Str("id"), entry.Str("checkInId"));
        Assert.True((await admin.GetJson($"/api/cases/{caseId}/trajectory/checkins")).GetProperty("items")[0].GetProperty("inTrajectory").GetBoolean());

        // Someone else's check-in is not the case's to take.
        var others = await admin.GetJson($"/api/cases/{caseId}/trajectory/checkins?pageSize=500");
        var refused = await admin.PostAsJsonAsync($"/api/cases/{caseId}/trajectory/checkins", new { checkInIds = new[] { "999999999" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["checkin-not-own"], await refused.ProblemCodes());
        Assert.Equal(1, others.GetProperty("total").GetInt64());
    }

    [SkippableFact]
    public async Task Companions_are_the_check_ins_within_the_window_inside_the_lookback_without_self_contacts_or_dismissed()
    {
        var admin = await app.As("admin");
        var (_, venue) = await PlaceAsync();
        var (_, elsewhere) = await PlaceAsync();
        var p = await ResidentsAsync(10);
        var (caseId, from) = await CaseAsync(p[0].Id);
        var t = from.AddDays(1).AddHours(10);
        await PostOk(admin, $"/api/cases/{caseId}/trajectory", new
        {
            entries = new object[]
            {
                new { venueCode = venue, from = t, to = t.AddHours(1) },
                // Partly before the lookback: only the part inside counts.
                new { venueCode = venue, from = from.AddHours(-3), to = from.AddHours(1) },
            },
        });
        var (self, before29, before31, after30, after31, other, middle, edgeOut, edgeIn, spare) = (p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
        await PostOk(admin, "/api/checkins/batch", new
        {
            events = new[]
            {
                Event(venue, self.Id, t),
                Event(venue, before29.Id, t.AddMinutes(-29)),
                Event(venue, before31.Id, t.AddMinutes(-31)),
                Event(venue, after30.Id, t.AddMinutes(90)),
                Event(venue, after31.Id, t.AddMinutes(91)),
                Event(elsewhere, other.Id, t),
                Event(venue, middle.Id, t.AddMinutes(30)),
                Event(venue, edgeOut.Id, from.AddMinutes(-60)),
                Event(venue, edgeIn.Id, from.AddMinutes(30)),
                Event(venue, spare.Id, t.AddMinutes(10)),
            },
        });

        var url = $"/api/cases/{caseId}/companions";
        var found = await admin.GetJson(url);
        Assert.Equal(30, found.GetProperty("windowMinutes").GetInt32());
        var ids = found.GetProperty("items").EnumerateArray().Select(c => c.Str("personId")).ToArray();
        // Longest overlap first: middle (60 min), edgeIn (60, clipped at the lookback, ending earlier), spare (40), before29 (1), after30 (0).
        Assert.Equal(new[] { middle.Id, edgeIn.Id, spare.Id, before29.Id, after30.Id }, ids);
        var first = found.GetProperty("items")[0];
        Assert.Equal(venue, first.Str("venueCode"));
        Assert.Equal(60, first.GetProperty("overlapMinutes").GetInt32());
        Assert.Equal(t, first.GetProperty("overlapFrom").GetDateTimeOffset());
        Assert.Equal(t.AddHours(1), first.GetProperty("overlapTo").GetDateTimeOffset());
        Assert.Contains("*", first.Str("idNumber"));

        var wide = await admin.GetJson(url + "?windowMinutes=60");
        Assert.Contains(before31.Id, wide.GetProperty("items").EnumerateArray().Select(c => c.Str("personId")));
        Assert.Contains(after31.Id, wide.GetProperty("items").EnumerateArray().Select(c => c.Str("personId")));
        Assert.DoesNotContain(edgeOut.Id, wide.GetProperty("items").EnumerateArray().Select(c => c.Str("personId")));
        var paged = await admin.GetJson(url + "?pageSize=2&page=2");
        Assert.Equal(5, paged.GetProperty("total").GetInt64());
        Assert.Equal(new[] { spare.Id, before29.Id }, paged.GetProperty("items").EnumerateArray().Select(c => c.Str("personId")).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync(url + "?windowMinutes=0")).StatusCode);

        // Confirmed: a close contact whose last exposure is the end of the overlap; again, the same contact.
        var confirmed = await PostOk(admin, $"{url}/{middle.Id}/confirm", new { });
        Assert.True(confirmed.GetProperty("created").GetBoolean());
        Assert.Equal(t.AddHours(1), confirmed.GetProperty("lastExposureAt").GetDateTimeOffset());
        var twice = await PostOk(admin, $"{url}/{middle.Id}/confirm", new { });
        Assert.False(twice.GetProperty("created").GetBoolean());
        Assert.Equal(confirmed.Str("contactId"), twice.Str("contactId"));
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var contact = await db.Contacts.SingleAsync(k => k.CaseId == long.Parse(caseId) && k.PersonId == long.Parse(middle.Id));
            Assert.Equal((ContactKind.Close, "companion", "venue"), (contact.Kind, contact.Source, contact.Setting));
            Assert.Equal(t.AddHours(1).UtcDateTime, DateTime.SpecifyKind(contact.LastExposureAt, DateTimeKind.Utc));
            Assert.Equal(TestData.Hongxing, contact.CommunityCode);
        }
        var notOne = await admin.PostAsJsonAsync($"{url}/{before31.Id}/confirm", new { });
        Assert.Equal(HttpStatusCode.Conflict, notOne.StatusCode);
        Assert.Equal(["not-a-companion"], await notOne.ProblemCodes());

        // Dismissed with a reason; a contact cannot be dismissed.
        var noReason = await admin.PostAsJsonAsync($"{url}/{spare.Id}/dismiss", new { reason = " " });
        Assert.Equal(["missing-field"], await noReason.ProblemCodes());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"{url}/{spare.Id}/dismiss", new { reason = "收银员，隔着玻璃" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"{url}/{spare.Id}/dismiss", new { reason = "再次排除" })).StatusCode);
        var contactDismissed = await admin.PostAsJsonAsync($"{url}/{middle.Id}/dismiss", new { reason = "误报" });
        Assert.Equal(["companion-already-contact"], await contactDismissed.ProblemCodes());

        var after = (await admin.GetJson(url)).GetProperty("items").EnumerateArray().Select(c => c.Str("personId")).ToArray();
        Assert.Equal(new[] { edgeIn.Id, before29.Id, after30.Id }, after);
        var audit = await admin.GetJson($"/api/audit?subject=case:{caseId}");
        var actions = audit.GetProperty("items").EnumerateArray().Select(a => a.Str("action")).ToList();
        Assert.Contains("companion.confirm", actions);
        Assert.Contains("companion.dismiss", actions);
        Assert.Contains("trajectory.add", actions);
    }

    [SkippableFact]
    public async Task A_case_outside_the_callers_jurisdiction_is_404_on_every_operation()
    {
        var person = (await ResidentsAsync(1, TestData.Haiyu))[0];
        var (caseId, from) = await CaseAsync(person.Id);
        var investigator = await app.As("investigator");
        var url = $"/api/cases/{caseId}";
        var entry = new { entries = new[] { new { address = "某地", from = from.AddHours(10), to = from.AddHours(11) } } };
        var responses = new[]
        {
            await investigator.GetAsync(url + "/trajectory"),
            await investigator.PostAsJsonAsync(url + "/trajectory", entry),
            await investigator.DeleteAsync(url + "/trajectory/1"),
            await investigator.GetAsync(url + "/trajectory/checkins"),
            await investigator.PostAsJsonAsync(url + "/trajectory/checkins", new { checkInIds = new[] { "1" } }),
            await investigator.GetAsync(url + "/companions"),
            await investigator.PostAsJsonAsync(url + $"/companions/{person.Id}/confirm", new { }),
            await investigator.PostAsJsonAsync(url + $"/companions/{person.Id}/dismiss", new { reason = "x" }),
        };
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal(0, (await (await app.As("admin")).GetJson(url + "/trajectory")).GetProperty("total").GetInt64());
    }
}

public sealed class SqliteCheckInApiTests(SqliteApp app) : CheckInApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCheckInApiTests(PostgresApp app) : CheckInApiTests(app), IClassFixture<PostgresApp>;
