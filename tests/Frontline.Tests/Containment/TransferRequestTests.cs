using System.Net;
using System.Net.Http.Json;
using Frontline.Containment;
using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Containment;

/// <summary>
/// What the transfer request form and the night intake stand on, on each provider: the note and the positive's deadline
/// from the policy, the people the form offers (the registry's search, a case's close contacts with their exposure,
/// who is already on a transfer), and the registry's search by a phone's last four.
/// </summary>
public abstract class TransferRequestTests(FrontlineApp app)
{
    const string Address = "宝安区松岗街道红星路12号3栋502";

    async Task<T> WithDb<T>(Func<FrontlineDb, Task<T>> work)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return await work(db);
    }

    /// <summary>The demo user as the pages see them: the form calls the services in-process with the signed-in caller.</summary>
    async Task<Caller> CallerAsync(string user)
    {
        await app.As(user);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        return Caller.From(await principals.CreateAsync((await users.FindByNameAsync(user))!), "127.0.0.1");
    }

    async Task<(string Id, string Phone)> ResidentAsync()
    {
        var admin = await app.As("admin");
        var idNumber = TestData.NewResidentId();
        var phone = TestData.NewPhone();
        var created = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "转运表单" + idNumber[^4..], idNumber, phone, communityCode = TestData.Hongxing, building = TransfersApiTests.Next("表单楼"), room = "602",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return ((await created.Body()).Str("id"), phone);
    }

    async Task<string> CreatedId(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Body()).Str("id");
    }

    [SkippableFact]
    public async Task A_positives_transfer_is_due_by_the_policys_positive_hours_and_keeps_its_note()
    {
        var dispatcher = await app.As("dispatcher");
        var facility = await TransfersApiTests.FacilityAsync(app, 2);
        var (person, _) = await ResidentAsync();
        var id = await CreatedId(await dispatcher.PostAsJsonAsync("/api/transfers", new
        {
            personIds = new[] { person }, pickupAddress = Address, facilityId = facility.ToString(), urgency = "positive", note = "一人需轮椅",
        }));
        var stored = await WithDb(db => db.Transfers.AsNoTracking().SingleAsync(t => t.Id == long.Parse(id)));
        var policy = app.Services.GetRequiredService<PolicySets>().Active;
        Assert.Equal(TimeSpan.FromHours(policy.PositiveTransferDueHours), stored.DueBy - stored.RequestedAt);
        Assert.Equal("一人需轮椅", stored.Note);
        var card = (await dispatcher.GetJson($"/api/transfers?facilityId={facility}")).GetProperty("items")[0];
        Assert.Equal("一人需轮椅", card.Str("note"));
        Assert.Equal("positive", card.Str("urgency"));

        var (other, _) = await ResidentAsync();
        var tooLong = await dispatcher.PostAsJsonAsync("/api/transfers", new { personIds = new[] { other }, pickupAddress = Address, facilityId = facility.ToString(), note = new string('x', 501) });
        Assert.Contains("field-too-long", await tooLong.ProblemCodes());
    }

    [SkippableFact]
    public async Task The_form_brings_a_cases_close_contacts_with_their_exposure_and_finds_people_by_a_phones_last_four()
    {
        var admin = await app.As("admin");
        var (index, _) = await ResidentAsync();
        var caseId = await CreatedId(await admin.PostAsJsonAsync("/api/cases", new { personId = index, classification = "confirmed" }));
        var (free, freePhone) = await ResidentAsync();
        var (moving, _) = await ResidentAsync();
        var exposure = DateTimeOffset.UtcNow.AddHours(-30);
        var investigator = await app.As("investigator");
        var contactId = await CreatedId(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = free, type = "close", lastExposureAt = exposure, setting = "household" }));
        await CreatedId(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = moving, type = "close", lastExposureAt = exposure, setting = "household" }));
        var facility = await TransfersApiTests.FacilityAsync(app, 3);
        var onTransfer = await CreatedId(await (await app.As("dispatcher")).PostAsJsonAsync("/api/transfers",
            new { personIds = new[] { moving }, pickupAddress = Address, facilityId = facility.ToString() }));

        var dispatcher = await CallerAsync("dispatcher");
        await using var scope = app.Services.CreateAsyncScope();
        var candidates = scope.ServiceProvider.GetRequiredService<TransferCandidates>();
        var contacts = await candidates.CaseContactsAsync(dispatcher, long.Parse(caseId));
        Assert.Equal([free, moving], contacts.Select(c => c.Person.Id));
        Assert.Equal(contactId, contacts[0].ContactId);
        Assert.Equal(caseId, contacts[0].CaseId);
        Assert.Equal(exposure.ToUnixTimeSeconds(), contacts[0].LastExposureAt!.Value.ToUnixTimeSeconds());
        Assert.False(contacts[0].Blocked);
        Assert.True(contacts[1].Blocked);
        Assert.Equal(onTransfer, contacts[1].OnTransferId);
        // Masked as the registry masks them.
        Assert.Contains("*", contacts[0].Person.IdNumber);
        Assert.Contains("*", contacts[0].Person.Phone);

        // A phone's last four finds the person (with the contact that plans their stay), through the registry's search.
        var found = await candidates.SearchAsync(dispatcher, freePhone[^4..], new PageRequest(1, 50));
        var match = Assert.Single(found.Items, c => c.Person.Id == free);
        Assert.Equal(contactId, match.ContactId);
        // Another community's worker has none of them.
        var elsewhere = await CallerAsync("worker-haiyu");
        Assert.Empty(await candidates.CaseContactsAsync(elsewhere, long.Parse(caseId)));
        Assert.Equal(new CaseContactsPlaced(0, 0, 0, 0), await candidates.PlacedAsync(elsewhere, long.Parse(caseId)));

        // The case page's panel: where the contacts stand. A third is already in quarantine (taken in at the hotel's door).
        var (staying, _) = await ResidentAsync();
        await CreatedId(await investigator.PostAsJsonAsync($"/api/cases/{caseId}/contacts",
            new { personId = staying, type = "close", lastExposureAt = exposure, setting = "workplace" }));
        Assert.Equal(HttpStatusCode.Created, (await (await app.As("facility-staff")).PostAsJsonAsync("/api/stays", new
        {
            personId = staying, kind = "centralised", facilityId = facility.ToString(), roomNumber = "801", reason = "密接", lastExposureAt = exposure,
        })).StatusCode);
        Assert.Equal(new CaseContactsPlaced(3, 1, 1, 1), await candidates.PlacedAsync(dispatcher, long.Parse(caseId)));

        // The form's people go through the one request path: the contact's exposure travels to the stay.
        var transfers = scope.ServiceProvider.GetRequiredService<Transfers>();
        var created = await transfers.RequestAsync(dispatcher, new TransferInput(null,
            [new TransferPersonInput(free, null, contacts[0].ContactId, contacts[0].LastExposureAt, null)], Address, facility.ToString(), null, "close-contact", "老人随行"));
        var kept = await WithDb(db => db.TransferPeople.AsNoTracking().SingleAsync(p => p.TransferId == long.Parse(created.Id)));
        Assert.Equal(new CaseContactsPlaced(3, 1, 2, 0), await candidates.PlacedAsync(dispatcher, long.Parse(caseId)));
        Assert.Equal(long.Parse(contactId), kept.ContactId);
        Assert.NotNull(kept.LastExposureAt);
    }

    [SkippableFact]
    public async Task The_registry_search_finds_a_resident_by_a_phones_last_four_masked()
    {
        var (person, phone) = await ResidentAsync();
        var staff = await app.As("facility-staff");
        var page = await staff.GetJson($"/api/persons?q={phone[^4..]}&pageSize=500");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray(), i => i.Str("id") == person);
        Assert.Equal(phone[..3] + "****" + phone[^4..], item.Str("phone"));
        Assert.Contains("********", item.Str("idNumber"));
        // A room's number and an ID's last four are still found by the same four characters.
        var byRoom = await staff.GetJson($"/api/persons?q=602&pageSize=500");
        Assert.Contains(byRoom.GetProperty("items").EnumerateArray(), i => i.Str("id") == person);
    }
}

public sealed class SqliteTransferRequestTests(SqliteApp app) : TransferRequestTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresTransferRequestTests(PostgresApp app) : TransferRequestTests(app), IClassFixture<PostgresApp>;
