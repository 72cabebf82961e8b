using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;

namespace Frontline.Investigation;

[RequiresOneOf("personId", "idNumber")]
public sealed record ContactInput(
    [Description("A registered person's id; or give idNumber.")] string? PersonId,
    [Description("A resident ID. Someone the registry does not hold is registered on the spot (floating, to be verified) when name and phone are given.")] string? IdNumber,
    [Description("For a person not yet registered.")] string? Name,
    [Description("For a person not yet registered: an 11-digit mainland mobile.")] string? Phone,
    [OneOf("close", "secondary")] string? Type,
    [Description("A secondary contact's route: the id of one of this case's close contacts.")] string? ViaContactId,
    DateTimeOffset? LastExposureAt,
    [OneOf("household", "carer", "workplace", "classroom", "meal", "lift", "vehicle", "venue", "other")] string? Setting,
    [Description("The contact lives outside the district: an assist-check request (协查) is raised. Default: an unregistered person whose ID was issued outside 440306.")] bool? LivesOutside = null,
    [Description("Where the contact lives, for the assist-check request.")] string? Residence = null);

public sealed record ContactView(string Id, string PersonId, [OneOf("close", "secondary")] string Type, string? ViaContactId, DateTimeOffset LastExposureAt,
    string Setting, [OneOf("monitoring", "awaiting-close-results", "released", "became-case", "reclassified")] string State,
    [Description("Masked (张*).")] string Name, string CommunityCode, [Description("The last day of the contact's measures under the active policy set.")] DateOnly? EndsOn,
    IReadOnlyList<DateOnly> TestDays, string Source, bool AssistCheck, string? FromContactId);

public sealed record ContactPhone(string Phone, string Tel);

/// <summary>
/// 密接 / 次密接 of a case: recorded one by one or from a list, listed with their state under the policy set's linked
/// rule, and carried over to a new case when their close contact becomes one (<see cref="CaseCreatedHandler"/>).
/// </summary>
public sealed class Contacts(IDbContextFactory<FrontlineDb> dbs, PolicySets policies, PersonRegistration registration, AuditLog audit, TimeProvider clock)
{
    public const string SpotBuilding = "待核实人员（流调登记）";
    public const int MaxResidence = 200;

    /// <summary>A contact checked and ready to write: the person found or to register, and whether it needs an assist-check.</summary>
    internal sealed record Checked(long? PersonId, ValidPerson? Register, ContactKind Kind, long? ViaContactId, DateTime LastExposureAt, string Setting,
        bool Outside, string? OutsideReason, string? Residence);

    internal static async Task<Case> CaseInScopeAsync(FrontlineDb db, Caller caller, long caseId, CancellationToken ct) =>
        await db.Cases.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(c => c.Id == caseId, ct) ?? throw new NotFoundException("case");

    public async Task<long> AddAsync(Caller caller, long caseId, ContactInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var @case = await CaseInScopeAsync(db, caller, caseId, ct);
        var errors = new List<FieldError>();
        var checkedContact = await CheckAsync(db, caller, @case, input, errors, new Dictionary<string, long>(), ct);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        if (await db.Contacts.AnyAsync(c => c.CaseId == caseId && c.PersonId == checkedContact!.PersonId, ct))
            throw new DomainException("duplicate-contact", StatusCodes.Status409Conflict, "personId");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ids = await WriteAsync(db, caller, @case, [checkedContact!], "manual", ct);
        await tx.CommitAsync(ct);
        return ids[0];
    }

    /// <summary>
    /// Checks one contact against the rules; adds its field errors. <paramref name="batchClose"/> holds the close contacts
    /// of the same list by their ID number (an import's secondary contact may name one of the rows before it).
    /// </summary>
    internal async Task<Checked?> CheckAsync(FrontlineDb db, Caller caller, Case @case, ContactInput input, List<FieldError> errors,
        Dictionary<string, long> batchClose, CancellationToken ct, string? viaIdNumber = null)
    {
        var policy = policies.Active;
        var today = ChinaTime.Today(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        Person? person = null;
        ValidPerson? register = null;
        string? idNumber = null;
        if (!string.IsNullOrWhiteSpace(input.PersonId))
        {
            // Another jurisdiction's resident by id is not found: a contact is named by ID number when they live elsewhere.
            if (long.TryParse(input.PersonId, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                person = await db.Persons.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(p => p.Id == pid, ct);
            if (person is null) errors.Add(new("personId", "unknown-person"));
        }
        else if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            var error = IdentityDocuments.Validate(DocType.ResidentId, input.IdNumber, today, out var id);
            if (error is not null) errors.Add(new("idNumber", error));
            else
            {
                idNumber = id;
                person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.DocNumber == id && p.DocType == DocType.ResidentId, ct);
                if (person is null)
                {
                    var name = input.Name?.Trim();
                    var nameOk = !string.IsNullOrEmpty(name) && TextRules.Check(name, PersonRules.MaxName) is null;
                    if (nameOk && IdentityDocuments.ValidatePhone(input.Phone, out var phone) is null)
                        register = new ValidPerson(name!, DocType.ResidentId, id, phone, @case.CommunityCode, SpotBuilding, null, null,
                            ResidentType.Floating, $"流调登记：病例{@case.Id}的密接");
                    else errors.Add(new("idNumber", "unknown-person"));
                }
            }
        }
        else errors.Add(new("personId", "missing-field", "personId / idNumber"));
        if (person is not null && person.Id == @case.PersonId) errors.Add(new("personId", "contact-is-case"));

        var kind = ContactRules.ParseKind(input.Type);
        if (string.IsNullOrWhiteSpace(input.Type)) errors.Add(new("type", "missing-field", "type"));
        else if (kind is null) errors.Add(new("type", "invalid-contact-type"));
        else if (kind == ContactKind.Secondary && ContactRules.CheckSecondaryAllowed(policy) is { } refused) errors.Add(new("type", refused));

        long? via = null;
        if (kind == ContactKind.Secondary && policy.SecondaryContact.Identified)
        {
            if (viaIdNumber is { Length: > 0 })
            {
                // An import names the route by the close contact's ID number: a row above, or one already recorded.
                if (batchClose.TryGetValue(viaIdNumber, out var batchId)) via = batchId == 0 ? -1 : batchId;
                else
                {
                    var found = await (from c in db.Contacts join p in db.Persons on c.PersonId equals p.Id
                                       where c.CaseId == @case.Id && p.DocNumber == viaIdNumber select new { c.Id, c.Kind }).FirstOrDefaultAsync(ct);
                    if (found is null) errors.Add(new("viaContactId", "unknown-via-contact"));
                    else if (found.Kind != ContactKind.Close) errors.Add(new("viaContactId", "via-not-close"));
                    else via = found.Id;
                }
            }
            else if (string.IsNullOrWhiteSpace(input.ViaContactId)) errors.Add(new("viaContactId", "missing-field", "viaContactId"));
            else if (!long.TryParse(input.ViaContactId, NumberStyles.None, CultureInfo.InvariantCulture, out var viaId)) errors.Add(new("viaContactId", "unknown-via-contact"));
            else
            {
                var found = await db.Contacts.AsNoTracking().Where(c => c.Id == viaId && c.CaseId == @case.Id).Select(c => new { c.Id, c.Kind }).FirstOrDefaultAsync(ct);
                if (found is null) errors.Add(new("viaContactId", "unknown-via-contact"));
                else if (found.Kind != ContactKind.Close) errors.Add(new("viaContactId", "via-not-close"));
                else via = found.Id;
            }
        }
        else if (kind == ContactKind.Close && (!string.IsNullOrWhiteSpace(input.ViaContactId) || viaIdNumber is { Length: > 0 }))
            errors.Add(new("viaContactId", "via-only-for-secondary"));

        if (input.LastExposureAt is not { } exposure) errors.Add(new("lastExposureAt", "missing-field", "lastExposureAt"));
        else if (exposure.UtcDateTime > now.AddMinutes(5)) errors.Add(new("lastExposureAt", "exposure-in-future"));

        var setting = ContactRules.ParseSetting(input.Setting);
        if (string.IsNullOrWhiteSpace(input.Setting)) errors.Add(new("setting", "missing-field", "setting"));
        else if (setting is null) errors.Add(new("setting", "invalid-setting", input.Setting.Trim().Length > 20 ? input.Setting.Trim()[..20] : input.Setting.Trim()));
        var residence = TextRules.Optional(errors, "residence", input.Residence, MaxResidence);

        if (errors.Count > 0) return null;
        var outside = ContactRules.LivesOutside(input.LivesOutside, person is not null, idNumber ?? person?.DocNumber);
        string? reason = null;
        if (outside) reason = input.LivesOutside == true ? ContactRules.OutsideByFlag : ContactRules.OutsideByIdRegion;
        return new Checked(person?.Id, register, kind!.Value, via, input.LastExposureAt!.Value.UtcDateTime, setting!, outside, reason, residence);
    }

    /// <summary>Writes checked contacts in the caller's transaction: persons registered on the spot, the contacts, their assist-checks and audit entries.</summary>
    internal async Task<List<long>> WriteAsync(FrontlineDb db, Caller caller, Case @case, IReadOnlyList<Checked> items, string source, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var strangers = items.Where(i => i.Register is not null).Select(i => i.Register!).ToList();
        var registered = strangers.Count == 0 ? [] : await registration.RegisterAsync(caller, db.Database.GetDbConnection(),
            db.Database.CurrentTransaction!.GetDbTransaction(), strangers, ct);
        var byDoc = strangers.Zip(registered).ToDictionary(p => p.First.DocNumber, p => p.Second.Id);
        var rows = new List<Contact>();
        foreach (var item in items)
        {
            var contact = new Contact
            {
                CaseId = @case.Id, PersonId = item.PersonId ?? byDoc[item.Register!.DocNumber], Kind = item.Kind,
                // An import's secondary row names a close contact of the same file: resolved once that one has its id.
                ViaContactId = item.ViaContactId is > 0 ? item.ViaContactId : null,
                LastExposureAt = item.LastExposureAt, Setting = item.Setting, Source = source, CommunityCode = @case.CommunityCode,
                AddedBy = caller.UserName, AddedAt = now,
            };
            rows.Add(contact);
            db.Contacts.Add(contact);
        }
        await db.SaveChangesAsync(ct);
        foreach (var (item, contact) in items.Zip(rows))
        {
            db.Audit.Add(audit.Entry(caller, ContactAuditActions.Add, $"contact:{contact.Id}", @case.CommunityCode,
                detail: new { caseId = @case.Id, contact.PersonId, type = ContactRules.Code(contact.Kind), contact.Setting, source }));
            if (!item.Outside) continue;
            var check = new AssistCheck
            {
                ContactId = contact.Id, CaseId = @case.Id, PersonId = contact.PersonId, CommunityCode = @case.CommunityCode, Residence = item.Residence,
                Reason = item.OutsideReason!, IdentifiedAt = now, DueBy = ContactRules.AssistCheckDue(policies.Active, now), State = AssistCheckState.Open,
            };
            db.AssistChecks.Add(check);
            db.Audit.Add(audit.Entry(caller, ContactAuditActions.AssistCheckOpen, $"contact:{contact.Id}", @case.CommunityCode,
                detail: new { caseId = @case.Id, reason = item.OutsideReason, dueBy = check.DueBy }));
        }
        await db.SaveChangesAsync(ct);
        return rows.Select(r => r.Id).ToList();
    }

    public async Task<Paged<ContactView>> ListAsync(Caller caller, long caseId, string? type, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await CaseInScopeAsync(db, caller, caseId, ct);
        var q = db.Contacts.AsNoTracking().Where(c => c.CaseId == caseId);
        if (!string.IsNullOrEmpty(type))
        {
            var kind = ContactRules.ParseKind(type) ?? throw new DomainException("invalid-contact-type", field: "type");
            q = q.Where(c => c.Kind == kind);
        }
        var total = await q.LongCountAsync(ct);
        // Close contacts first, each followed by nothing in particular: the newest exposures on top within a kind.
        var rows = await q.OrderBy(c => c.Kind).ThenByDescending(c => c.LastExposureAt).ThenBy(c => c.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, await ViewsAsync(db, rows, ct));
    }

    internal async Task<List<ContactView>> ViewsAsync(FrontlineDb db, List<Contact> rows, CancellationToken ct)
    {
        var policy = policies.Active;
        var today = ChinaTime.Today(clock);
        var personIds = rows.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.CommunityCode }).ToDictionaryAsync(p => p.Id, ct);
        var viaIds = rows.Where(r => r.ViaContactId is not null).Select(r => r.ViaContactId!.Value).Distinct().ToList();
        var via = await db.Contacts.AsNoTracking().Where(c => viaIds.Contains(c.Id)).Select(c => new { c.Id, c.PersonId, c.LastExposureAt })
            .ToDictionaryAsync(c => c.Id, ct);
        var casePersons = personIds.Concat(via.Values.Select(v => v.PersonId)).Distinct().ToList();
        var withCase = (await db.Cases.AsNoTracking().Where(c => casePersons.Contains(c.PersonId)).Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var viaPersons = via.Values.Select(v => v.PersonId).Distinct().ToList();
        var results = await ResultsAsync(db, viaPersons, ct);
        var ids = rows.Select(r => r.Id).ToList();
        var assist = (await db.AssistChecks.AsNoTracking().Where(a => ids.Contains(a.ContactId)).Select(a => a.ContactId).ToListAsync(ct)).ToHashSet();
        return rows.Select(r =>
        {
            var person = persons.GetValueOrDefault(r.PersonId);
            var v = r.ViaContactId is { } vid ? via.GetValueOrDefault(vid) : null;
            var viaResults = v is null ? [] : results.GetValueOrDefault(v.PersonId, []).Where(x => x.At > v.LastExposureAt).Select(x => x.Outcome).ToList();
            var state = ContactRules.State(policy, r.Kind, r.LastExposureAt, today, withCase.Contains(r.PersonId), v is not null && withCase.Contains(v.PersonId), viaResults);
            var plan = ContactRules.Plan(policy, r.Kind, r.LastExposureAt);
            return new ContactView(r.Id.ToString(), r.PersonId.ToString(), ContactRules.Code(r.Kind), r.ViaContactId?.ToString(), r.LastExposureAt.ToChina(),
                r.Setting, ContactRules.Code(state), Masking.Name(person?.Name) ?? "", person?.CommunityCode ?? "", plan?.EndsOn, plan?.TestDays ?? [],
                r.Source, assist.Contains(r.Id), FromContact(r.Source));
        }).ToList();
    }

    static string? FromContact(string source) => source.StartsWith("linked:", StringComparison.Ordinal) ? source["linked:".Length..] : null;

    /// <summary>Each person's individual results from Testing's samples, in sampling order.</summary>
    internal static async Task<Dictionary<long, List<(DateTime At, Outcome Outcome)>>> ResultsAsync(FrontlineDb db, List<long> personIds, CancellationToken ct)
    {
        if (personIds.Count == 0) return [];
        var samples = await db.Set<Sample>().AsNoTracking().Where(s => personIds.Contains(s.PersonId))
            .Select(s => new { s.PersonId, s.CollectedAt, s.Outcome }).ToListAsync(ct);
        return samples.GroupBy(s => s.PersonId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.CollectedAt).Select(s => (s.CollectedAt, s.Outcome)).ToList());
    }

    /// <summary>A contact's phone, for a call: pii.view and a reason, audited. The answer carries the <c>tel:</c> link.</summary>
    public async Task<ContactPhone> PhoneAsync(Caller caller, long contactId, string? reason, CancellationToken ct = default)
    {
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var contact = await db.Contacts.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(c => c.Id == contactId, ct)
            ?? throw new NotFoundException("contact");
        var phone = await db.Persons.AsNoTracking().Where(p => p.Id == contact.PersonId).Select(p => p.Phone).FirstOrDefaultAsync(ct);
        if (string.IsNullOrEmpty(phone)) throw new DomainException("contact-no-phone", StatusCodes.Status409Conflict);
        await audit.RecordAsync(caller, AuditActions.PiiView, $"contact:{contactId}", contact.CommunityCode, reason, new { purpose = "call", contact.PersonId }, ct);
        return new ContactPhone(phone, "tel:" + phone);
    }

    /// <summary>
    /// The linked rule: a person became a case. Their secondary contacts (under every case where they were a close contact)
    /// become close contacts of the new case, with the same setting and exposure, recorded and audited. Delivered at least
    /// once: a person already a contact of the new case is not added twice.
    /// </summary>
    public sealed class CaseCreatedHandler : IDomainEventHandler
    {
        public string EventType => ContactEvents.CaseCreated;

        public async Task HandleAsync(DomainEvent e, IServiceProvider services, CancellationToken ct) =>
            await services.GetRequiredService<Contacts>().ApplyLinkedRuleAsync(Outbox.Read<CaseCreatedEvent>(e).PersonId, ct);
    }

    public async Task<int> ApplyLinkedRuleAsync(long personId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var newCase = await db.Cases.AsNoTracking().Where(c => c.PersonId == personId).OrderByDescending(c => c.Id).FirstOrDefaultAsync(ct);
        if (newCase is null) return 0;
        var closeRecords = await db.Contacts.AsNoTracking().Where(c => c.PersonId == personId && c.Kind == ContactKind.Close && c.CaseId != newCase.Id)
            .Select(c => c.Id).ToListAsync(ct);
        if (closeRecords.Count == 0) return 0;
        var secondaries = await db.Contacts.AsNoTracking().Where(c => c.ViaContactId != null && closeRecords.Contains(c.ViaContactId.Value))
            .OrderBy(c => c.Id).ToListAsync(ct);
        var already = (await db.Contacts.AsNoTracking().Where(c => c.CaseId == newCase.Id).Select(c => c.PersonId).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var moved = new List<(Contact From, Contact To)>();
        foreach (var s in secondaries)
        {
            if (s.PersonId == personId || !already.Add(s.PersonId)) continue;
            var close = new Contact
            {
                CaseId = newCase.Id, PersonId = s.PersonId, Kind = ContactKind.Close, LastExposureAt = s.LastExposureAt, Setting = s.Setting,
                Source = $"linked:{s.Id}", CommunityCode = newCase.CommunityCode, AddedBy = Caller.System.UserName, AddedAt = now,
            };
            db.Contacts.Add(close);
            moved.Add((s, close));
        }
        await db.SaveChangesAsync(ct);
        foreach (var (from, to) in moved)
            db.Audit.Add(audit.Entry(Caller.System, ContactAuditActions.Reclassify, $"contact:{to.Id}", newCase.CommunityCode,
                detail: new { caseId = newCase.Id, fromContactId = from.Id, fromCaseId = from.CaseId, to.PersonId }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return moved.Count;
    }
}
