using System.Text.RegularExpressions;
using Frontline.Platform;

namespace Frontline.Registry;

/// <summary>What a roster row, an API call or a form gives for one person, before validation.</summary>
public sealed record PersonInput(
    string? Name, string? DocType, string? IdNumber, string? Phone, string? Community,
    string? Building, string? Room, string? ResidentType, string? Note);

/// <summary>A person's details after validation, in their stored form.</summary>
public sealed record ValidPerson(
    string Name, DocType DocType, string DocNumber, string? Phone, string CommunityCode,
    string Building, string? Room, int? Floor, ResidentType ResidentType, string? Note)
{
    /// <summary>Read from the resident ID (GB 11643 carries it); other documents do not say.</summary>
    public DateOnly? BirthDate => DocType == DocType.ResidentId ? IdentityDocuments.BirthDate(DocNumber) : null;
}

/// <summary>
/// The field rules for a person, shared by the import, the API and the forms. Field names are the
/// API's; the import maps them to its column headers.
/// </summary>
public static partial class PersonRules
{
    public const int MaxName = 64, MaxBuilding = 64, MaxRoom = 32, MaxNote = 500;

    public static (ValidPerson? Person, List<FieldError> Errors) Validate(
        PersonInput input, Func<string, (JurisdictionDirectory.Match, Jurisdiction?)> findCommunity,
        JurisdictionScope scope, DateOnly today)
    {
        var errors = new List<FieldError>();
        var name = Clean(input.Name);
        if (name is null) errors.Add(new("name", "missing-field", "personName"));
        else name = TextRules.Optional(errors, "name", name, MaxName, "personName");

        var docType = IdentityDocuments.ParseDocType(input.DocType);
        string docNumber = "";
        if (docType is null) errors.Add(new("docType", "invalid-doc-type", input.DocType ?? ""));
        else if (Clean(input.IdNumber) is null) errors.Add(new("idNumber", "missing-field", "idNumber"));
        else if (IdentityDocuments.Validate(docType.Value, input.IdNumber, today, out docNumber) is { } idError)
            errors.Add(new("idNumber", idError));

        string? phone = null;
        if (Clean(input.Phone) is not null && IdentityDocuments.ValidatePhone(input.Phone, out var p) is { } phoneError)
            errors.Add(new("phone", phoneError));
        else if (Clean(input.Phone) is not null) IdentityDocuments.ValidatePhone(input.Phone, out phone);

        string communityCode = "";
        var community = Clean(input.Community);
        if (community is null) errors.Add(new("community", "missing-field", "community"));
        else
        {
            var (match, found) = findCommunity(community);
            if (match == JurisdictionDirectory.Match.Unknown) errors.Add(new("community", "unknown-community", community));
            else if (match == JurisdictionDirectory.Match.Ambiguous) errors.Add(new("community", "ambiguous-community", community));
            else if (!scope.Contains(found!.Code)) errors.Add(new("community", "out-of-scope"));
            else communityCode = found.Code;
        }

        var building = Clean(input.Building);
        if (building is null) errors.Add(new("building", "missing-field", "building"));
        else building = TextRules.Optional(errors, "building", building, MaxBuilding, "building");

        var room = TextRules.Optional(errors, "room", input.Room, MaxRoom, "room");

        var residentType = IdentityDocuments.ParseResidentType(input.ResidentType);
        if (residentType is null) errors.Add(new("residentType", "invalid-resident-type", input.ResidentType ?? ""));

        // A note may run over lines (Alt+Enter in a roster's cell); nothing else may.
        var note = TextRules.Optional(errors, "note", input.Note, MaxNote, "note", multiLine: true);

        if (errors.Count > 0) return (null, errors);
        return (new ValidPerson(name!, docType!.Value, docNumber, phone, communityCode, building!, room, FloorOf(room),
            residentType!.Value, note), errors);
    }

    static string? Clean(string? s)
    {
        var t = s?.Trim();
        return string.IsNullOrEmpty(t) ? null : t;
    }

    /// <summary>"1203" → 12, "301" → 3, "2单元502" → 5; rooms without a number have no floor.</summary>
    public static int? FloorOf(string? room)
    {
        if (room is null) return null;
        var digits = TrailingNumber().Match(room);
        if (!digits.Success) return null;
        var n = int.Parse(digits.Value);
        return digits.Value.Length >= 3 ? n / 100 : null;
    }

    [GeneratedRegex(@"\d+$")]
    private static partial Regex TrailingNumber();
}
