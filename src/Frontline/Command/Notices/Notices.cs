using Frontline.Command.Staff;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Platform.Files;
using Frontline.Registry;

namespace Frontline.Command.Notices;

public sealed record NoticeAttachmentInput(
    [Required, Description("The file's name; its type is recognised from its content (PDF, Word .docx, Excel .xlsx, JPEG, PNG).")] string? FileName,
    [Required, Description("The file's bytes, base64; at most 20 MB each.")] byte[]? Content);

public sealed record NoticeInput(
    [Required, Description("At most 200 characters.")] string? Title,
    [Required, Description("At most 5000 characters.")] string? Text,
    [Required, Description("Jurisdiction codes inside the sender's (a street reaches its command and each of its communities; a district its streets and communities too), role:<role> (the people of that role in the sender's jurisdiction), or taskforce:<code> (the cadres with an account posted now to that task force under the sender's jurisdiction: investigation, quarantine-hotel, testing-site, transfer, hotline, supplies). At most 100.")]
    IReadOnlyList<string>? Recipients,
    [Description("Attachments (at most 10), each checked by its content; any refused → nothing is sent.")] IReadOnlyList<NoticeAttachmentInput>? Attachments = null,
    [Description("The client's key for retries: the same key answers the notice it sent the first time.")] string? ClientKey = null);

public sealed record NoticeCreated(string Id, [Description("The stored attachments' ids, in the order given.")] IReadOnlyList<string> AttachmentIds);

public sealed record NoticeUnitView(string Code, string Name, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? RemindedAt, int Reminders);

public sealed record NoticeDetail(string Id, string Title, string Text, string SenderCode, string SenderName, string SentBy, DateTimeOffset SentAt,
    [Description("The recipient codes as sent.")] IReadOnlyList<string> Recipients,
    [Description("The receiving units that have acknowledged (a unit has when one of its people did); a recipient sees only its own units.")] IReadOnlyList<NoticeUnitView> Acknowledged,
    [Description("The receiving units that have not.")] IReadOnlyList<NoticeUnitView> Pending,
    IReadOnlyList<StoredFileInfo> Attachments,
    [Description("The caller sent it (or commands above the sender): may remind.")] bool Sender,
    [Description("The caller answers for one of its units.")] bool Recipient,
    [Description("The caller's own units have all acknowledged.")] bool AcknowledgedByMe,
    int Reminders);

public sealed record NoticeSummary(string Id, string Title, string SenderName, string SentBy, DateTimeOffset SentAt, int Units, int AcknowledgedUnits,
    [Description("Inbox: when the caller's unit acknowledged; null while pending.")] DateTimeOffset? MyAcknowledgedAt,
    [Description("Inbox: reminders the caller's unit received.")] int Reminders, int Attachments);

public sealed record NoticeAcknowledged(string Id, [Description("The units acknowledged by this call (none when they already had).")] IReadOnlyList<string> Units);

public sealed record NoticeReminded(string Id, [Description("Units reminded: those still pending.")] int Reminded);

/// <summary>收发文: send to jurisdictions and roles, each unit's inbox and acknowledgement, the sender's view of who has not, reminders.</summary>
public sealed class Notices(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, RoleTable roles, StoredFiles files)
{
    public const string FileOwner = "notice";

    /// <summary>An attachment as the page hands it over (a browser upload's stream).</summary>
    public sealed record Upload(string? FileName, Stream Content);

    public Task<NoticeCreated> SendAsync(Caller caller, NoticeInput input, CancellationToken ct = default) =>
        SendAsync(caller, input, (input.Attachments ?? []).Select(a => new Upload(a.FileName, new MemoryStream(a.Content ?? []))).ToList(), ct);

    /// <summary>All or nothing: a bad recipient or a refused attachment writes nothing.</summary>
    public async Task<NoticeCreated> SendAsync(Caller caller, NoticeInput input, IReadOnlyList<Upload> uploads, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var title = Required(errors, "title", input.Title, NoticeRules.MaxTitle, multiLine: false);
        var text = Required(errors, "text", input.Text, NoticeRules.MaxText, multiLine: true);
        var clientKey = TextRules.Optional(errors, "clientKey", input.ClientKey, 64);
        var codes = (input.Recipients ?? []).Select(c => c?.Trim() ?? "").ToList();
        if (codes.Count == 0) errors.Add(new("recipients", "notice-no-recipients"));
        else if (codes.Count > NoticeRules.MaxRecipients) errors.Add(new("recipients", "notice-too-many-recipients", NoticeRules.MaxRecipients));
        StoredFiles.CheckCount(uploads.Count, FileRules.Attachments, "attachments", errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        if (clientKey is not null && await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.ClientKey == clientKey, ct) is { } retried)
        {
            if (!caller.Scope.Contains(retried.SenderCode)) throw new DomainException("notice-key-taken", StatusCodes.Status409Conflict, "clientKey");
            return new(retried.Id.ToString(), await AttachmentIdsAsync(db, retried.Id, ct));
        }

        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        var jurisdictionCodes = codes.Where(c => !NoticeRules.IsGroup(c)).Distinct().ToList();
        var known = await db.Jurisdictions.AsNoTracking().Where(j => jurisdictionCodes.Contains(j.Code)).Select(j => new { j.Code, j.Level }).ToListAsync(ct);
        for (var i = 0; i < codes.Count && codes.Count <= NoticeRules.MaxRecipients; i++)
        {
            var code = codes[i];
            if (NoticeRules.IsRole(code))
            {
                if (!roles.Roles.Contains(code[NoticeRules.RolePrefix.Length..])) errors.Add(new($"recipients[{i}]", "notice-unknown-recipient", code));
                else units[code] = caller.Scope.Code;
                continue;
            }
            if (NoticeRules.IsTaskForce(code))
            {
                if (TaskForces.All.All(f => NoticeRules.TaskForcePrefix + f.Code != code)) errors.Add(new($"recipients[{i}]", "notice-unknown-recipient", code));
                else units[code] = caller.Scope.Code;
                continue;
            }
            var found = known.FirstOrDefault(k => k.Code == code);
            if (found is null || found.Level == JurisdictionLevel.Grid) errors.Add(new($"recipients[{i}]", "notice-unknown-recipient", code));
            else if (!caller.Scope.Contains(code)) errors.Add(new($"recipients[{i}]", "notice-recipient-out-of-scope", code));
        }
        if (codes.Distinct().Count() != codes.Count) errors.Add(new("recipients", "notice-duplicate-recipient"));
        var checkedUploads = new List<FileUpload>();
        for (var i = 0; i < uploads.Count && uploads.Count <= FileRules.Attachments.MaxFiles; i++)
            if (await StoredFiles.ReadAsync(uploads[i].Content, uploads[i].FileName, FileRules.Attachments, $"attachments[{i}]", errors, ct) is { } ok) checkedUploads.Add(ok);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        // A jurisdiction reaches its own command and every command below it down to the communities (grids are not units).
        foreach (var code in jurisdictionCodes)
        {
            var below = await db.Jurisdictions.AsNoTracking().InScope(new JurisdictionScope(code), nameof(Jurisdiction.Code))
                .Where(j => j.Level != JurisdictionLevel.Grid).Select(j => j.Code).ToListAsync(ct);
            foreach (var unit in below.Append(code)) units[unit] = unit;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var notice = new Notice
        {
            Title = title!, Text = text!, SenderCode = caller.Scope.Code, SentBy = caller.UserName, SentAt = now, Recipients = string.Join(',', codes),
            Units = units.Count, ClientKey = clientKey,
        };
        db.Notices.Add(notice);
        await db.SaveChangesAsync(ct);
        db.NoticeUnits.AddRange(units.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new NoticeUnit { NoticeId = notice.Id, UnitCode = u.Key, ScopeCode = u.Value }));
        var stored = checkedUploads.Select(u => StoredFiles.Add(db, u, FileOwner, notice.Id.ToString(), notice.SenderCode, caller.UserName, now)).ToList();
        db.Audit.Add(audit.Entry(caller, NoticeAuditActions.Send, $"notice:{notice.Id}", notice.SenderCode, null,
            new { title = notice.Title, recipients = codes, units = units.Count, attachments = stored.Select(f => f.FileName) }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(notice.Id.ToString(), stored.Select(f => f.Id.ToString()).ToList());
    }

    static string? Required(List<FieldError> errors, string field, string? value, int max, bool multiLine)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new(field, "missing-field", field));
            return null;
        }
        return TextRules.Optional(errors, field, value, max, multiLine: multiLine);
    }

    static async Task<IReadOnlyList<string>> AttachmentIdsAsync(FrontlineDb db, long id, CancellationToken ct) =>
        (await StoredFiles.ListAsync(db, FileOwner, [id.ToString()], ct))[id.ToString()].Select(f => f.Id.ToString()).ToList();

    static string[] RolesOf(Caller caller) => caller.Principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray();

    /// <summary>
    /// The units a person answers for, as a query: their jurisdiction's unit, their roles' units addressed from their
    /// jurisdiction or above, and the unit of the task force they are posted to now (their account linked to a deployed
    /// cadre), addressed from the deployment's jurisdiction or above.
    /// </summary>
    static async Task<IQueryable<NoticeUnit>> UnitsOfAsync(FrontlineDb db, Caller caller, CancellationToken ct)
    {
        var code = caller.Scope.Code;
        var roleCodes = RolesOf(caller).Select(r => NoticeRules.RolePrefix + r).ToList();
        var above = NoticeRules.SelfAndAbove(code);
        var posting = await db.Set<StaffMember>().AsNoTracking().Where(s => s.UserName == caller.UserName && s.TaskForce != null)
            .Select(s => new { s.TaskForce, s.JurisdictionCode }).FirstOrDefaultAsync(ct);
        var taskForce = posting is null ? "" : NoticeRules.TaskForcePrefix + posting.TaskForce;
        var postedUnder = posting is null ? [] : NoticeRules.SelfAndAbove(posting.JurisdictionCode);
        return db.NoticeUnits.Where(u => u.UnitCode == code || (roleCodes.Contains(u.UnitCode) && above.Contains(u.ScopeCode))
            || (u.UnitCode == taskForce && postedUnder.Contains(u.ScopeCode)));
    }

    /// <summary>The caller's inbox (notices to their units; pending first, newest first) or their command's sent box (newest first).</summary>
    public async Task<Paged<NoticeSummary>> ListAsync(Caller caller, string? box, string? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (box is "sent")
        {
            var sent = caller.Can(NoticePermissions.Send) ? db.Notices.AsNoTracking().InScope(caller.Scope, nameof(Notice.SenderCode)) : db.Notices.Where(_ => false);
            var total = await sent.LongCountAsync(ct);
            var rows = await sent.OrderByDescending(n => n.SentAt).ThenByDescending(n => n.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
            var ids = rows.Select(n => n.Id).ToList();
            var acked = await db.NoticeUnits.AsNoTracking().Where(u => ids.Contains(u.NoticeId) && u.AcknowledgedAt != null).GroupBy(u => u.NoticeId)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            return new(total, await SummariesAsync(db, rows, n => (acked.GetValueOrDefault(n.Id), null, 0), ct));
        }
        if (box is not (null or "" or "inbox")) throw new DomainException("invalid-field", field: "box", args: "box");
        var mine = (await UnitsOfAsync(db, caller, ct)).AsNoTracking();
        mine = status switch
        {
            null or "" or "all" => mine,
            "pending" => mine.Where(u => u.AcknowledgedAt == null),
            "acknowledged" => mine.Where(u => u.AcknowledgedAt != null),
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        // A person answering for two units of one notice (their community and their role) sees it once.
        var perNotice = mine.GroupBy(u => u.NoticeId).Select(g => new
        {
            NoticeId = g.Key, Pending = g.Count(u => u.AcknowledgedAt == null), AckAt = g.Max(u => u.AcknowledgedAt), Reminders = g.Max(u => u.Reminders),
        });
        var count = await perNotice.LongCountAsync(ct);
        var page_ = await perNotice.Join(db.Notices, p => p.NoticeId, n => n.Id, (p, n) => new { p, n.SentAt })
            .OrderBy(x => x.p.Pending > 0 ? 0 : 1).ThenByDescending(x => x.SentAt).ThenByDescending(x => x.p.NoticeId)
            .Skip(page.Skip).Take(page.PageSize).Select(x => x.p).ToListAsync(ct);
        var noticeIds = page_.Select(p => p.NoticeId).ToList();
        var notices = await db.Notices.AsNoTracking().Where(n => noticeIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, ct);
        var ackCounts = await db.NoticeUnits.AsNoTracking().Where(u => noticeIds.Contains(u.NoticeId) && u.AcknowledgedAt != null).GroupBy(u => u.NoticeId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var byId = page_.ToDictionary(p => p.NoticeId);
        return new(count, await SummariesAsync(db, noticeIds.Select(id => notices[id]).ToList(),
            n => (ackCounts.GetValueOrDefault(n.Id), byId[n.Id].Pending == 0 ? byId[n.Id].AckAt : null, byId[n.Id].Reminders), ct));
    }

    static async Task<List<NoticeSummary>> SummariesAsync(FrontlineDb db, List<Notice> rows, Func<Notice, (int Acked, DateTime? MyAck, int Reminders)> extra, CancellationToken ct)
    {
        var ids = rows.Select(n => n.Id.ToString()).ToList();
        var fileCounts = await db.Set<StoredFile>().AsNoTracking().Where(f => f.OwnerKind == FileOwner && ids.Contains(f.OwnerId)).GroupBy(f => f.OwnerId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var names = await NamesAsync(db, rows.Select(n => n.SenderCode), ct);
        return rows.Select(n =>
        {
            var (acked, myAck, reminders) = extra(n);
            return new NoticeSummary(n.Id.ToString(), n.Title, names.GetValueOrDefault(n.SenderCode, n.SenderCode), n.SentBy, n.SentAt.ToChina(), n.Units, acked,
                myAck?.ToChina(), reminders, fileCounts.GetValueOrDefault(n.Id.ToString()));
        }).ToList();
    }

    static async Task<Dictionary<string, string>> NamesAsync(FrontlineDb db, IEnumerable<string> codes, CancellationToken ct)
    {
        var list = codes.Where(c => !NoticeRules.IsGroup(c)).Distinct().ToList();
        return await db.Jurisdictions.AsNoTracking().Where(j => list.Contains(j.Code)).ToDictionaryAsync(j => j.Code, j => j.Name, ct);
    }

    /// <summary>
    /// The notice for its sender's side (the sending command and those above it: every unit) or for a recipient (its own units
    /// only); anyone else is answered 404.
    /// </summary>
    public async Task<NoticeDetail> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (notice, sender, myUnits) = await VisibleAsync(db, caller, id, ct);
        var units = sender
            ? await db.NoticeUnits.AsNoTracking().Where(u => u.NoticeId == id).OrderBy(u => u.UnitCode).ToListAsync(ct)
            : myUnits;
        var names = await NamesAsync(db, units.Select(u => u.UnitCode).Append(notice.SenderCode), ct);
        NoticeUnitView View(NoticeUnit u) => new(u.UnitCode, UnitName(u.UnitCode, names), u.AcknowledgedAt?.ToChina(), u.AcknowledgedBy, u.RemindedAt?.ToChina(), u.Reminders);
        var attachments = (await StoredFiles.ListAsync(db, FileOwner, [id.ToString()], ct))[id.ToString()].ToList();
        var reminders = await db.NoticeReminders.CountAsync(r => r.NoticeId == id, ct);
        return new(notice.Id.ToString(), notice.Title, notice.Text, notice.SenderCode, names.GetValueOrDefault(notice.SenderCode, notice.SenderCode), notice.SentBy,
            notice.SentAt.ToChina(), notice.Recipients.Split(',', StringSplitOptions.RemoveEmptyEntries),
            units.Where(u => u.AcknowledgedAt != null).Select(View).ToList(), units.Where(u => u.AcknowledgedAt == null).Select(View).ToList(),
            attachments, sender, myUnits.Count > 0, myUnits.Count > 0 && myUnits.All(u => u.AcknowledgedAt != null), reminders);
    }

    static string UnitName(string code, Dictionary<string, string> names) =>
        NoticeRules.IsTaskForce(code) ? TaskForces.Name(code[NoticeRules.TaskForcePrefix.Length..])
        : NoticeRules.IsRole(code) ? ErrorCatalog.Word("role-" + code[NoticeRules.RolePrefix.Length..]) is var w && !w.StartsWith("role-", StringComparison.Ordinal) ? w : code
        : names.GetValueOrDefault(code, code);

    async Task<(Notice Notice, bool Sender, List<NoticeUnit> Mine)> VisibleAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct)
    {
        var notice = await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException("notice");
        var sender = IsSenderSide(caller, notice);
        var mine = await (await UnitsOfAsync(db, caller, ct)).AsNoTracking().Where(u => u.NoticeId == id).OrderBy(u => u.UnitCode).ToListAsync(ct);
        if (!sender && mine.Count == 0) throw new NotFoundException("notice");
        return (notice, sender, mine);
    }

    /// <summary>The sending command, or a command above it: a sender (notices.send) whose jurisdiction holds the sender's.</summary>
    static bool IsSenderSide(Caller caller, Notice notice) => caller.Can(NoticePermissions.Send) && caller.Scope.Contains(notice.SenderCode);

    /// <summary>签收: the caller acknowledges for each of their units still pending; a second time changes nothing.</summary>
    public async Task<NoticeAcknowledged> AcknowledgeAsync(Caller caller, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var notice = await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct) ?? throw new NotFoundException("notice");
        var mine = await (await UnitsOfAsync(db, caller, ct)).AsNoTracking().Where(u => u.NoticeId == id).ToListAsync(ct);
        if (mine.Count == 0)
        {
            if (IsSenderSide(caller, notice)) throw new DomainException("notice-not-recipient", StatusCodes.Status409Conflict);
            throw new NotFoundException("notice");
        }
        var pending = mine.Where(u => u.AcknowledgedAt == null).Select(u => u.Id).ToList();
        if (pending.Count == 0) return new(id.ToString(), []);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Only units still pending: two people of one community acknowledging at once leave the first one's name.
        await db.NoticeUnits.Where(u => pending.Contains(u.Id) && u.AcknowledgedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.AcknowledgedAt, now).SetProperty(x => x.AcknowledgedBy, caller.UserName), ct);
        var units = mine.Where(u => pending.Contains(u.Id)).Select(u => u.UnitCode).ToList();
        db.Audit.Add(audit.Entry(caller, NoticeAuditActions.Acknowledge, $"notice:{id}", caller.Scope.Code, null, new { units }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new(id.ToString(), units);
    }

    /// <summary>催办: the sender's side reminds every unit still pending; recorded on the notice and shown to those units.</summary>
    public async Task<NoticeReminded> RemindAsync(Caller caller, long id, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (notice, sender, _) = await VisibleAsync(db, caller, id, ct);
        if (!sender) throw new DomainException("notice-not-sender", StatusCodes.Status403Forbidden);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reminded = await db.NoticeUnits.Where(u => u.NoticeId == id && u.AcknowledgedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.RemindedAt, now).SetProperty(x => x.Reminders, x => x.Reminders + 1), ct);
        if (reminded > 0)
        {
            db.NoticeReminders.Add(new NoticeReminder { NoticeId = id, At = now, By = caller.UserName, Pending = reminded });
            db.Audit.Add(audit.Entry(caller, NoticeAuditActions.Remind, $"notice:{id}", notice.SenderCode, null, new { pending = reminded }));
            await db.SaveChangesAsync(ct);
        }
        await tx.CommitAsync(ct);
        return new(id.ToString(), reminded);
    }

    /// <summary>An attachment, served only to the notice's sender side and its recipients; the download is audited.</summary>
    public async Task<IResult> DownloadAsync(Caller caller, long id, Guid fileId, CancellationToken ct = default)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
            await VisibleAsync(db, caller, id, ct);
        var file = await files.FindAsync(fileId, ct);
        if (file is null || file.OwnerKind != FileOwner || file.OwnerId != id.ToString()) throw new NotFoundException("file");
        return await files.DownloadAsync(caller, file, ct);
    }

    /// <summary>What the send form offers: the caller's jurisdiction and the ones below it to the street level, and the roles.</summary>
    public async Task<IReadOnlyList<(string Code, string Name, string Level)>> TargetsAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Jurisdictions.AsNoTracking().InScope(caller.Scope, nameof(Jurisdiction.Code))
            .Where(j => j.Level == JurisdictionLevel.District || j.Level == JurisdictionLevel.Street || j.Level == JurisdictionLevel.Community)
            .OrderBy(j => j.Code).Take(2000).Select(j => new { j.Code, j.Name, j.Level }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name, r.Level.ToString().ToLowerInvariant())).ToList();
    }
}
