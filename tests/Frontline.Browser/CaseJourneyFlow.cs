using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Frontline.Browser;

/// <summary>
/// The investigator's whole journey on one case page, without leaving it: the case's own venue-code scan taken into
/// the trajectory, the space-time companion it reveals confirmed as a close contact, the contact and the cluster's
/// figures updating beside it at once, the report ready to download and the public trajectory notice drafted.
/// </summary>
[Collection(AppCollection.Name)]
public sealed class CaseJourneyFlow(AppFixture app)
{
    static readonly TimeSpan China = TimeSpan.FromHours(8);

    [BrowserFact]
    public async Task Investigator_works_a_new_case_from_trajectory_to_notice_on_its_page()
    {
        using var admin = await app.ApiAsync("admin");
        var code = TestingData.Unique("HX-GYM-");
        var place = await admin.PostAsJsonAsync("/api/places", new { code, name = "红星健身房" + code[^4..], kind = "venue", communityCode = TestingData.Hongxing });
        Assert.Equal(HttpStatusCode.Created, place.StatusCode);
        var people = await TestingData.ResidentsAsync(app, 2);
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);
        var created = await admin.PostAsJsonAsync("/api/cases", new { idNumber = people[0], classification = "confirmed", onsetDate = today.AddDays(-1) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var evening = new DateTimeOffset(today.AddDays(-2).ToDateTime(new TimeOnly(19, 0)), China);
        var checkIns = await admin.PostAsJsonAsync("/api/checkins/batch", new
        {
            events = new[]
            {
                new { eventId = TestingData.Unique("journey-"), venueCode = code, idNumber = people[0], at = evening },
                new { eventId = TestingData.Unique("journey-"), venueCode = code, idNumber = people[1], at = evening.AddMinutes(15) },
            },
        });
        Assert.Equal(2, (await checkIns.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());

        var page = await app.SignInAsync("investigator", 1440, 900);
        await app.GoAsync(page, $"/investigation/cases/{caseId}");
        await Expect(page.Locator("h1.case-title")).ToContainTextAsync($"病例{caseId}");
        var trajectory = page.Locator(".case-panel-trajectory");
        var companions = page.Locator(".case-panel-companions");
        var contacts = page.Locator(".case-panel-contacts");
        await Expect(companions.Locator(".companion-table")).ToContainTextAsync("没有时空伴随者");
        await Expect(contacts.Locator(".contact-table .ant-table-row")).ToHaveCountAsync(0);

        // The gym visit, from the case's own scan.
        await trajectory.Locator("button.accept-checkin").ClickAsync();
        await Expect(trajectory.Locator(".trajectory-table .ant-table-row")).ToHaveCountAsync(1);
        await Expect(trajectory.Locator(".trajectory-table")).ToContainTextAsync("红星健身房");

        // The trajectory changed: the companions panel searches again by itself and finds the neighbour.
        var companion = companions.Locator(".companion-table .ant-table-row");
        await Expect(companion).ToHaveCountAsync(1);
        await companion.Locator("button.confirm-companion").ClickAsync();
        await Expect(companions.Locator(".companion-done")).ToContainTextAsync("已确认为密接");

        // The contact and the cluster's figures follow on the same page, without a reload.
        await Expect(contacts.Locator(".contact-table .ant-table-row")).ToHaveCountAsync(1);
        await Expect(contacts.Locator(".contact-table")).ToContainTextAsync("密接");
        await Expect(page.Locator(".case-panel-chain .chain-panel-figures")).ToContainTextAsync("1 例病例、1 名密接/次密接");
        // Containment's panel counts the new contact as still to be moved; an investigator requests no transfers, so no button.
        var transfer = page.Locator(".case-panel-transfer");
        await Expect(transfer.Locator(".case-transfer-to-move")).ToHaveTextAsync("待转运 1 人");
        await Expect(transfer.Locator("a.case-transfer-request")).ToHaveCountAsync(0);

        // The report is ready, and the trajectory notice is drafted for a commander's approval.
        var report = page.Locator(".case-panel-report");
        await Expect(report.Locator("a.report-download")).ToBeVisibleAsync();
        await report.Locator("button.draft-notice").ClickAsync();
        await Expect(report.Locator(".notice-status")).ToHaveTextAsync("草稿");
        await Expect(report.Locator(".notice-text")).ToContainTextAsync("红星健身房");
        await AppFixture.ShotAsync(page, "case-journey-desktop");

        // One who may request a transfer goes from the panel to the request form with the contact already on it.
        var requester = await app.SignInAsync("admin", 390, 844);
        await app.GoAsync(requester, $"/investigation/cases/{caseId}");
        await requester.Locator(".case-panel-transfer a.case-transfer-request").ClickAsync();
        await AppFixture.ArrivedAsync(requester, new System.Text.RegularExpressions.Regex($@"/transfers/new\?case={caseId}"));
        await Expect(requester.Locator(".chosen")).ToHaveCountAsync(1);
        await requester.Context.CloseAsync();
    }
}
