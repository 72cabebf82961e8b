using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Investigation;

/// <summary>Outbound calls (外呼) through the HTTP contract, on each provider: lists, split, attempts, retries, scope and permissions.</summary>
public abstract class CallListsApiTests(FrontlineApp app)
{
    static int serial = Random.Shared.Next(1_000_000);
    static string Next(string prefix) => $"{prefix}-{Interlocked.Increment(ref serial)}-{Guid.NewGuid().ToString("N")[..6]}";

    async Task<List<(string Id, string IdNumber, string Phone)>> ResidentsAsync(int count, string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var building = Next("外呼楼");
        var people = new List<(string, string, string)>();
        for (var i = 0; i < count; i++)
        {
            var id = TestData.NewResidentId();
            var phone = TestData.NewPhone();
            var created = await admin.PostAsJsonAsync("/api/persons", new { name = "外呼" + i, idNumber = id, phone, communityCode = community, building, room = $"{101 + i}" });
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
            people.Add(((await created.Body()).Str("id"), id, phone));
        }
        return people;
    }

    async Task<(string Code, long Id)> PlaceAsync(string community = TestData.Hongxing)
    {
        var admin = await app.As("admin");
        var code = Next("CALLPLACE");
        var created = await admin.PostAsJsonAsync("/api/places", new { code, name = "外呼测试市场", kind = "market", communityCode = community });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (code, long.Parse((await created.Body()).Str("id")));
    }

    /// <summary>Check-ins written straight into the table: the check-in feed is another part of the module.</summary>
    async Task CheckInAsync(long placeId, string community, IEnumerable<(string PersonId, DateTimeOffset At)> scans)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        foreach (var (person, at) in scans)
            db.CheckIns.Add(new CheckIn { EventId = Next("ci"), PlaceId = placeId, PersonId = long.Parse(person), CommunityCode = community, At = at.UtcDateTime });
        await db.SaveChangesAsync();
    }

    async Task<T> WithDbAsync<T>(Func<FrontlineDb, Task<T>> work)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await work(db);
    }

    async Task<JsonElement> CreatedAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/call-lists", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Body();
    }

    /// <summary>A list of the given residents in 红星, made from a venue they all checked in at an hour ago.</summary>
    async Task<string> ListOfAsync(IEnumerable<string> personIds)
    {
        var (code, placeId) = await PlaceAsync();
        var now = DateTimeOffset.UtcNow;
        await CheckInAsync(placeId, TestData.Hongxing, personIds.Select(p => (p, now.AddHours(-1))));
        var list = await CreatedAsync(await app.As("investigator"), new { name = Next("外呼名单"), venueCode = code, from = now.AddHours(-2), to = now });
        return list.Str("id");
    }

    static object Attempt(string outcome, string? whereTo = null, string? key = null) =>
        new { outcome, note = "测试", whereTo, clientKey = key ?? Guid.NewGuid().ToString("N") };

    [SkippableFact]
    public async Task A_list_from_a_venue_and_span_holds_each_person_who_checked_in_there_once()
    {
        var people = await ResidentsAsync(4);
        var (code, placeId) = await PlaceAsync();
        var now = DateTimeOffset.UtcNow;
        // Three inside the span (one of them twice), one before it.
        await CheckInAsync(placeId, TestData.Hongxing, [
            (people[0].Id, now.AddHours(-3)), (people[0].Id, now.AddHours(-2)), (people[1].Id, now.AddHours(-2)), (people[2].Id, now.AddMinutes(-30)),
            (people[3].Id, now.AddDays(-3)),
        ]);
        var investigator = await app.As("investigator");
        var list = await CreatedAsync(investigator, new { name = "红星市场扫码人员", venueCode = code, from = now.AddHours(-4), to = now });
        Assert.Equal(3, list.Int("total"));

        var calls = await investigator.GetJson($"/api/call-lists/{list.Str("id")}/calls?status=open");
        Assert.Equal(3, calls.Int("total"));
        var items = calls.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(people.Take(3).Select(p => p.Id).Order(), items.Select(i => i.Str("personId")).Order());
        // Masked by default: the name's first character, the phone's ends.
        Assert.All(items, i => Assert.True(i.GetProperty("masked").GetBoolean()));
        Assert.Contains("****", items[0].Str("phone"));
        Assert.EndsWith("*", items[0].Str("name"));

        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=call-list:{list.Str("id")}");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), e => e.Str("action") == CallAuditActions.ListCreate);
    }

    [SkippableFact]
    public async Task A_list_from_a_case_holds_its_contacts_and_named_persons_join_it_once()
    {
        var people = await ResidentsAsync(4);
        var admin = await app.As("admin");
        var caseId = (await (await admin.PostAsJsonAsync("/api/cases", new { personId = people[0].Id, classification = "confirmed" })).Body()).Str("id");
        await WithDbAsync(async db =>
        {
            foreach (var (p, kind) in new[] { (people[1].Id, ContactKind.Close), (people[2].Id, ContactKind.Secondary) })
                db.Contacts.Add(new Contact
                {
                    CaseId = long.Parse(caseId), PersonId = long.Parse(p), Kind = kind, LastExposureAt = DateTime.UtcNow.AddDays(-1), Setting = "household",
                    Source = "manual", CommunityCode = TestData.Hongxing, AddedBy = "admin", AddedAt = DateTime.UtcNow,
                });
            return await db.SaveChangesAsync();
        });
        var list = await CreatedAsync(await app.As("investigator"), new { name = "病例密接外呼", caseId });
        Assert.Equal(2, list.Int("total"));

        // The companions' seam: persons by id with a reason; those on the list already are not called twice.
        using var scope = app.Services.CreateScope();
        var lists = scope.ServiceProvider.GetRequiredService<CallLists>();
        var caller = await CallerAsync(scope, "investigator");
        var added = await lists.AddPersonsAsync(caller, long.Parse(list.Str("id")), [long.Parse(people[2].Id), long.Parse(people[3].Id)], "时空伴随人员");
        Assert.Equal(1, added);
        var progress = await (await app.As("investigator")).GetJson($"/api/call-lists/{list.Str("id")}");
        Assert.Equal(3, progress.Int("total"));
        Assert.Equal(3, progress.Int("open"));
    }

    [SkippableFact]
    public async Task A_list_from_a_case_takes_its_space_time_companions_too()
    {
        var people = await ResidentsAsync(3);
        var admin = await app.As("admin");
        var venue = "CALL-VENUE-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/places",
            new { code = venue, name = "红星农贸市场", kind = "market", communityCode = TestData.Hongxing })).StatusCode);
        var caseId = (await (await admin.PostAsJsonAsync("/api/cases", new { personId = people[0].Id, classification = "confirmed" })).Body()).Str("id");
        var (from, to) = (DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow.AddHours(-4));
        var trajectory = await admin.PostAsJsonAsync($"/api/cases/{caseId}/trajectory", new { entries = new[] { new { venueCode = venue, from, to } } });
        Assert.True(trajectory.IsSuccessStatusCode, await trajectory.Content.ReadAsStringAsync());
        // One person at the market during the case's visit, one the day before: only the first is a companion.
        var checkins = await admin.PostAsJsonAsync("/api/checkins/batch", new
        {
            events = new[]
            {
                new { eventId = Guid.NewGuid().ToString("N"), venueCode = venue, personId = people[1].Id, at = from.AddMinutes(20) },
                new { eventId = Guid.NewGuid().ToString("N"), venueCode = venue, personId = people[2].Id, at = from.AddDays(-1) },
            },
        });
        Assert.True(checkins.IsSuccessStatusCode, await checkins.Content.ReadAsStringAsync());

        var list = await CreatedAsync(await app.As("investigator"), new { name = "病例伴随外呼", caseId });
        Assert.Equal(1, list.Int("total"));
        var calls = await (await app.As("investigator")).GetJson($"/api/call-lists/{list.Str("id")}/calls");
        Assert.Equal(people[1].Id, Assert.Single(calls.GetProperty("items").EnumerateArray()).Str("personId"));
    }

    static async Task<Caller> CallerAsync(IServiceScope scope, string userName)
    {
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>();
        return Caller.From(await principals.CreateAsync((await users.FindByNameAsync(userName))!));
    }

    [SkippableFact]
    public async Task A_list_from_a_spreadsheet_refuses_bad_rows_by_row_and_merges_a_person_named_twice()
    {
        var known = (await ResidentsAsync(1))[0];
        var stranger = TestData.NewResidentId();
        var csv = TestData.Csv([
            ["王外呼", stranger, "13700137001"],
            ["", TestData.NewResidentId(), "13700137002"],                      // row 3: no name
            ["李外呼", TestData.WithBadChecksum(TestData.NewResidentId()), ""],  // row 4: bad checksum
            ["张外呼", "", "12345"],                                              // row 5: bad phone
            ["王外呼", stranger, "13700137001"],                                  // the same person again
            ["登记人", known.IdNumber, ""],                                        // registered: the registry's phone
            ["无联系", "", ""],                                                    // row 8: neither phone nor ID
        ], header: ["姓名", "证件号码", "手机号码"]);
        var manager = await app.As("street-commander");
        var response = await manager.PostAsync($"/api/call-lists/import?name=外区协查&jurisdiction={TestData.Hongxing}", TestData.Upload(csv, "协查名单.csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = await response.Body();
        Assert.Equal(7, result.Int("rows"));
        Assert.Equal(2, result.Int("total"));
        Assert.Equal(1, result.Int("duplicates"));
        Assert.Equal(4, result.Int("rejected"));
        var errors = result.GetProperty("errors").EnumerateArray().Select(e => (e.Int("row"), e.Str("column"), e.Str("code"))).ToList();
        Assert.Contains((3, "姓名", "missing-field"), errors);
        Assert.Contains((4, "证件号码", "invalid-id-checksum"), errors);
        Assert.Contains((5, "手机号码", "invalid-phone"), errors);
        Assert.Contains((8, "手机号码", "call-phone-or-id-required"), errors);

        var calls = await manager.GetJson($"/api/call-lists/{result.Str("id")}/calls?unmask=true&reason=核对协查名单");
        var registered = calls.GetProperty("items").EnumerateArray().Single(c => c.GetProperty("personId").ValueKind == JsonValueKind.String);
        Assert.Equal(known.Id, registered.Str("personId"));
        Assert.Equal(known.Phone, registered.Str("phone"));

        // A file with no callable row makes nothing.
        var bad = await manager.PostAsync("/api/call-lists/import", TestData.Upload(TestData.Csv([["无联系", "", ""]], header: ["姓名", "证件号码", "手机号码"]), "x.csv"));
        var nothing = await bad.Body();
        Assert.Equal(JsonValueKind.Null, nothing.GetProperty("id").ValueKind);
        Assert.Equal(1, nothing.Int("rejected"));
    }

    [SkippableFact]
    public async Task Bad_input_is_answered_with_its_code()
    {
        var investigator = await app.As("investigator");
        var (code, _) = await PlaceAsync();
        var now = DateTimeOffset.UtcNow;
        async Task<string[]> Codes(object body) => await (await investigator.PostAsJsonAsync("/api/call-lists", body)).ProblemCodes();
        Assert.Contains("call-invalid-span", await Codes(new { name = "x", venueCode = code, from = now, to = now.AddHours(-1) }));
        Assert.Contains("call-span-too-long", await Codes(new { name = "x", venueCode = code, from = now.AddDays(-40), to = now }));
        Assert.Contains("call-source-required", await Codes(new { name = "x" }));
        Assert.Contains("missing-field", await Codes(new { venueCode = code, from = now.AddHours(-1), to = now }));
        var unknown = await investigator.PostAsJsonAsync("/api/call-lists", new { name = "x", venueCode = Next("NOPLACE"), from = now.AddHours(-1), to = now });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [SkippableFact]
    public async Task A_list_outside_the_callers_jurisdiction_does_not_exist_for_them()
    {
        var (haiyuPlace, _) = await PlaceAsync(TestData.Haiyu);
        var now = DateTimeOffset.UtcNow;
        // The investigator works for 松岗街道; 海裕社区 lies in 新安街道.
        var investigator = await app.As("investigator");
        var outside = await investigator.PostAsJsonAsync("/api/call-lists", new { name = "x", venueCode = haiyuPlace, from = now.AddHours(-1), to = now });
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);

        var admin = await app.As("admin");
        var haiyuList = (await CreatedAsync(admin, new { name = "海裕名单", venueCode = haiyuPlace, from = now.AddHours(-1), to = now })).Str("id");
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.GetAsync($"/api/call-lists/{haiyuList}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.GetAsync($"/api/call-lists/{haiyuList}/calls")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await investigator.PostAsJsonAsync($"/api/call-lists/{haiyuList}/take", new { count = 5 })).StatusCode);
        var lists = await investigator.GetJson("/api/call-lists?pageSize=500");
        Assert.DoesNotContain(lists.GetProperty("items").EnumerateArray(), l => l.Str("id") == haiyuList);
    }

    [SkippableFact]
    public async Task Permissions_decide_who_makes_lists_and_who_works_calls()
    {
        var people = await ResidentsAsync(1);
        var list = await ListOfAsync([people[0].Id]);
        var now = DateTimeOffset.UtcNow;
        // A community worker works calls but does not make lists; a commander manages lists but does not call.
        var worker = await app.As("community-worker");
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.PostAsJsonAsync("/api/call-lists", new { name = "x", caseId = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync($"/api/call-lists/{list}")).StatusCode);
        var commander = await app.As("commander");
        Assert.Equal(HttpStatusCode.OK, (await commander.GetAsync($"/api/call-lists/{list}")).StatusCode);
        var call = (await commander.GetJson($"/api/call-lists/{list}/calls")).GetProperty("items")[0].Str("id");
        Assert.Equal(HttpStatusCode.Forbidden, (await commander.PostAsJsonAsync($"/api/calls/{call}/attempts", Attempt("reached"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.As("sampler")).GetAsync("/api/calls")).StatusCode);
        _ = now;
    }

    [SkippableFact]
    public async Task A_split_deals_open_calls_evenly_to_callers_who_may_work_them_and_a_reassign_moves_them()
    {
        var people = await ResidentsAsync(5);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var manager = await app.As("investigator");
        var split = await manager.PostAsJsonAsync($"/api/call-lists/{list}/split", new { callers = new[] { "community-worker", "investigator" } });
        Assert.True(split.StatusCode == HttpStatusCode.OK, await split.Content.ReadAsStringAsync());
        var assigned = (await split.Body()).GetProperty("assigned");
        Assert.Equal(5, assigned.Int("community-worker") + assigned.Int("investigator"));
        Assert.InRange(assigned.Int("community-worker"), 2, 3);

        // The sampler holds no calls.work; the 海裕 worker's jurisdiction does not cover 红星; nobody is no caller.
        foreach (var bad in new[] { "sampler", "worker-haiyu", "nobody-" + Guid.NewGuid().ToString("N")[..6] })
        {
            var refused = await manager.PostAsJsonAsync($"/api/call-lists/{list}/split", new { callers = new[] { bad } });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("call-unknown-caller", await refused.ProblemCodes());
        }
        Assert.Contains("call-no-callers", await (await manager.PostAsJsonAsync($"/api/call-lists/{list}/split", new { callers = Array.Empty<string>() })).ProblemCodes());

        var moved = await manager.PostAsJsonAsync($"/api/call-lists/{list}/reassign", new { from = "investigator", to = "community-worker" });
        Assert.Equal(assigned.Int("investigator"), (await moved.Body()).Int("count"));
        var progress = await manager.GetJson($"/api/call-lists/{list}");
        var worker = progress.GetProperty("callers").EnumerateArray().Single(c => c.Str("caller") == "community-worker");
        Assert.Equal(5, worker.Int("assigned"));
        Assert.Equal(0, progress.Int("unassigned"));
    }

    [SkippableFact]
    public async Task A_caller_takes_the_next_calls_and_never_another_callers()
    {
        var people = await ResidentsAsync(3);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var worker = await app.As("community-worker");
        var investigator = await app.As("investigator");
        Assert.Equal(2, (await (await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 2 })).Body()).Int("count"));
        Assert.Equal(1, (await (await investigator.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 5 })).Body()).Int("count"));
        Assert.Contains("call-invalid-count", await (await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 0 })).ProblemCodes());

        var mine = await worker.GetJson($"/api/calls?listId={list}");
        Assert.Equal(2, mine.Int("total"));
        var theirs = (await investigator.GetJson($"/api/calls?listId={list}")).GetProperty("items")[0].Str("id");
        var refused = await worker.PostAsJsonAsync($"/api/calls/{theirs}/attempts", Attempt("reached"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("call-not-yours", await refused.ProblemCodes());
    }

    [SkippableFact]
    public async Task Attempts_record_outcomes_and_left_area_needs_where_to()
    {
        var people = await ResidentsAsync(3);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var worker = await app.As("community-worker");
        await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 3 });
        var calls = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items").EnumerateArray().Select(c => c.Str("id")).ToList();

        var missing = await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", Attempt("left-area"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("call-where-to-required", await missing.ProblemCodes());
        Assert.Contains("call-invalid-outcome", await (await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", Attempt("unreachable"))).ProblemCodes());
        Assert.Equal(0, await WithDbAsync(db => db.CallAttempts.CountAsync(a => a.CallId == long.Parse(calls[0]))));

        var left = await (await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", Attempt("left-area", "广东省东莞市"))).Body();
        Assert.Equal("done", left.Str("status"));
        Assert.Equal("left-area", left.Str("outcome"));
        Assert.Equal("广东省东莞市", left.Str("whereTo"));
        var reached = await (await worker.PostAsJsonAsync($"/api/calls/{calls[1]}/attempts", Attempt("reached"))).Body();
        Assert.Equal("reached", reached.Str("outcome"));
        await worker.PostAsJsonAsync($"/api/calls/{calls[2]}/attempts", Attempt("wrong-number"));
        var closed = await worker.PostAsJsonAsync($"/api/calls/{calls[1]}/attempts", Attempt("refused"));
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        Assert.Contains("call-closed", await closed.ProblemCodes());

        var progress = await (await app.As("investigator")).GetJson($"/api/call-lists/{list}");
        Assert.Equal((1, 1, 1, 0), (progress.Int("reached"), progress.Int("leftArea"), progress.Int("wrongNumber"), progress.Int("open")));
        var done = await (await app.As("investigator")).GetJson($"/api/call-lists/{list}/calls?status=done");
        Assert.Equal(3, done.Int("total"));
    }

    [SkippableFact]
    public async Task An_attempt_sent_twice_with_its_client_key_is_one_attempt()
    {
        var people = await ResidentsAsync(2);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var worker = await app.As("community-worker");
        await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 2 });
        var calls = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items").EnumerateArray().Select(c => c.Str("id")).ToList();
        var body = Attempt("no-answer", key: "device-key-1");
        var first = await (await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", body)).Body();
        var again = await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, first.Int("attempts"));
        Assert.Equal(1, (await again.Body()).Int("attempts"));
        // Another key is another attempt.
        Assert.Equal(2, (await (await worker.PostAsJsonAsync($"/api/calls/{calls[0]}/attempts", Attempt("no-answer", key: "device-key-2"))).Body()).Int("attempts"));
        Assert.Equal(2, await WithDbAsync(db => db.CallAttempts.CountAsync(a => a.CallId == long.Parse(calls[0]))));

        // Without a key, the same caller's same outcome again at once is taken as the same attempt; another outcome is not.
        var unkeyed = new { outcome = "no-answer" };
        Assert.Equal(1, (await (await worker.PostAsJsonAsync($"/api/calls/{calls[1]}/attempts", unkeyed)).Body()).Int("attempts"));
        Assert.Equal(1, (await (await worker.PostAsJsonAsync($"/api/calls/{calls[1]}/attempts", unkeyed)).Body()).Int("attempts"));
        Assert.Equal(2, (await (await worker.PostAsJsonAsync($"/api/calls/{calls[1]}/attempts", new { outcome = "reached" })).Body()).Int("attempts"));
    }

    [SkippableFact]
    public async Task An_unanswered_call_comes_back_after_the_retry_time_first_in_line_and_closes_after_the_last_try()
    {
        var people = await ResidentsAsync(3);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var worker = await app.As("community-worker");
        await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 3 });
        var calls = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items").EnumerateArray().Select(c => c.Str("id")).ToList();
        var before = DateTimeOffset.UtcNow;
        var unanswered = await (await worker.PostAsJsonAsync($"/api/calls/{calls[2]}/attempts", Attempt("no-answer"))).Body();
        Assert.Equal("open", unanswered.Str("status"));
        Assert.False(unanswered.GetProperty("retryDue").GetBoolean());
        var due = unanswered.GetProperty("dueAt").GetDateTimeOffset();
        Assert.InRange(due, before.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));

        // Waiting, it comes after the calls never tried; once its time has come, before them.
        var order = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items").EnumerateArray().Select(c => c.Str("id")).ToList();
        Assert.Equal(calls[2], order[^1]);
        await WithDbAsync(db => db.Calls.Where(c => c.Id == long.Parse(calls[2])).ExecuteUpdateAsync(s => s.SetProperty(c => c.DueAt, DateTime.UtcNow.AddMinutes(-1))));
        var mine = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items");
        Assert.Equal(calls[2], mine[0].Str("id"));
        Assert.True(mine[0].GetProperty("retryDue").GetBoolean());
        var manager = await app.As("investigator");
        Assert.Equal(1, (await manager.GetJson($"/api/call-lists/{list}")).Int("dueRetries"));
        Assert.Equal(1, (await manager.GetJson($"/api/call-lists/{list}/calls?status=retry")).Int("total"));

        // The third unanswered try (the default maximum) closes it as unreachable, counted as such.
        await worker.PostAsJsonAsync($"/api/calls/{calls[2]}/attempts", Attempt("no-answer"));
        var last = await (await worker.PostAsJsonAsync($"/api/calls/{calls[2]}/attempts", Attempt("no-answer"))).Body();
        Assert.Equal(("done", "unreachable", 3), (last.Str("status"), last.Str("outcome"), last.Int("attempts")));
        Assert.Equal(1, (await manager.GetJson($"/api/call-lists/{list}")).Int("unreachable"));
    }

    [SkippableFact]
    public async Task A_callers_stated_reason_unmasks_their_own_calls_once_and_the_export_is_masked_and_audited()
    {
        var people = await ResidentsAsync(2);
        var list = await ListOfAsync(people.Select(p => p.Id));
        var worker = await app.As("community-worker");
        await worker.PostAsJsonAsync($"/api/call-lists/{list}/take", new { count = 2 });
        Assert.True((await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items")[0].GetProperty("masked").GetBoolean());
        Assert.Contains("reason-required", await (await worker.PostAsJsonAsync($"/api/call-lists/{list}/start", new { reason = " " })).ProblemCodes());
        Assert.Equal(HttpStatusCode.NoContent, (await worker.PostAsJsonAsync($"/api/call-lists/{list}/start", new { reason = "电话通知核酸检测" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await worker.PostAsJsonAsync($"/api/call-lists/{list}/start", new { reason = "再说一次" })).StatusCode);
        var mine = (await worker.GetJson($"/api/calls?listId={list}")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(mine, c => Assert.False(c.GetProperty("masked").GetBoolean()));
        Assert.Equal(people.Select(p => p.Phone).Order(), mine.Select(c => c.Str("phone")).Order());
        var audit = await (await app.As("admin")).GetJson($"/api/audit?subject=call-list:{list}&action=pii.view");
        Assert.Equal(1, audit.Int("total"));

        var manager = await app.As("investigator");
        var export = await manager.GetAsync($"/api/call-lists/{list}/results.xlsx");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var sheet = await export.Content.ReadAsByteArrayAsync();
        var rows = MiniExcelLibs.MiniExcel.Query(new MemoryStream(sheet), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Contains("****", r["手机号码"]?.ToString()));
        var unmasked = await manager.GetAsync($"/api/call-lists/{list}/results.xlsx?unmask=true&reason=上报外呼结果");
        var full = MiniExcelLibs.MiniExcel.Query(new MemoryStream(await unmasked.Content.ReadAsByteArrayAsync()), useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(people.Select(p => p.Phone).Order(), full.Select(r => r["手机号码"]?.ToString()).Order());
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.GetAsync($"/api/call-lists/{list}/results.xlsx?unmask=true")).StatusCode);
        var exports = await (await app.As("admin")).GetJson($"/api/audit?subject=call-list:{list}&action=export");
        Assert.Equal(2, exports.Int("total"));
    }

    [SkippableFact]
    public async Task The_managers_list_of_lists_is_paged_and_sorted()
    {
        var people = await ResidentsAsync(1);
        await ListOfAsync([people[0].Id]);
        await ListOfAsync([people[0].Id]);
        var manager = await app.As("investigator");
        var page = await manager.GetJson("/api/call-lists?pageSize=1&sort=newest");
        Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.True(page.GetProperty("total").GetInt64() >= 2);
        var oldest = await manager.GetJson("/api/call-lists?pageSize=1&sort=oldest");
        Assert.True(long.Parse(oldest.GetProperty("items")[0].Str("id")) < long.Parse(page.GetProperty("items")[0].Str("id")));
        Assert.Contains("invalid-field", await (await manager.GetAsync("/api/call-lists?sort=sideways")).ProblemCodes());
        // A jurisdiction with no lists is an empty page, not an error.
        var none = await (await app.As("worker-haiyu")).GetAsync("/api/call-lists");
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
    }
}

public sealed class SqliteCallListsApiTests(SqliteApp app) : CallListsApiTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresCallListsApiTests(PostgresApp app) : CallListsApiTests(app), IClassFixture<PostgresApp>;
