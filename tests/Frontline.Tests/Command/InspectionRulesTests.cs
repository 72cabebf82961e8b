using System.Text.Json;
using Frontline.Command.Inspections;
using Frontline.Platform;

namespace Frontline.Tests.Command;

/// <summary>The checklist templates as data, and the answers checked item by item against one version.</summary>
public sealed class InspectionRulesTests
{
    static readonly TemplateVersion Checkpoint = InspectionTemplates.Shipped.Latest("checkpoint")!;

    static Dictionary<string, JsonElement> Answers(params (string Item, object? Value)[] answers) =>
        answers.ToDictionary(a => a.Item, a => JsonSerializer.SerializeToElement(a.Value));

    static (string Field, string Code)[] Errors(TemplateVersion template, Dictionary<string, JsonElement> answers)
    {
        var errors = new List<FieldError>();
        InspectionRules.CheckAnswers(template, answers, errors);
        return errors.Select(e => (e.Field, e.Code)).OrderBy(e => e.Field).ToArray();
    }

    static Dictionary<string, JsonElement> Complete() => Answers(("staffing-24h", true), ("staff-on-duty", 3), ("venue-code-scan", true),
        ("temperature-check", false), ("masks", true), ("visitor-log", true));

    [Fact]
    public void Every_kind_of_key_place_has_its_template_with_the_items_the_command_asks_for()
    {
        var templates = InspectionTemplates.Shipped;
        foreach (var kind in InspectionPlaceKinds.All) Assert.NotNull(templates.ForKind(kind));
        Assert.Equal("农贸市场督导检查表", templates.ForKind("market")!.Name.Zh);
        Assert.Contains(templates.ForKind("market")!.Items, i => i.Id == "venue-code-scan" && i.Type == AnswerTypes.YesNo && i.Text.Zh.Contains("场所码"));
        Assert.Contains(templates.ForKind("checkpoint")!.Items, i => i.Id == "staffing-24h" && i.Text.Zh == "24小时值守");
        Assert.Contains(templates.ForKind("checkpoint")!.Items, i => i.Type == AnswerTypes.Number);
        Assert.Contains(templates.ForKind("quarantine-hotel")!.Items, i => i.Id == "disinfection-log");
        Assert.Contains(templates.ForKind("sampling-site")!.Items, i => i.Id == "masks");
    }

    [Fact]
    public void A_complete_set_of_answers_passes_and_is_normalised()
    {
        var errors = new List<FieldError>();
        var answers = Complete();
        answers["note"] = JsonSerializer.SerializeToElement("  夜间换班时段一人值守  ");
        var result = InspectionRules.CheckAnswers(Checkpoint, answers, errors);
        Assert.Empty(errors);
        Assert.Equal(true, result["staffing-24h"]);
        Assert.Equal(3d, result["staff-on-duty"]);
        Assert.Equal("夜间换班时段一人值守", result["note"]);
        Assert.Equal(["temperature-check"], InspectionRules.Deviations(Checkpoint, result).Select(i => i.Id));
    }

    [Fact]
    public void An_unknown_item_a_missing_required_one_and_wrong_types_are_each_named()
    {
        var answers = Complete();
        answers.Remove("visitor-log");
        answers["staffing-24h"] = JsonSerializer.SerializeToElement("yes");
        answers["staff-on-duty"] = JsonSerializer.SerializeToElement(true);
        answers["masks"] = JsonSerializer.SerializeToElement(1);
        answers["hand-washing"] = JsonSerializer.SerializeToElement(true);
        Assert.Equal(
        [
            ("answers.hand-washing", "inspection-unknown-item"),
            ("answers.masks", "inspection-wrong-answer-type"),
            ("answers.staff-on-duty", "inspection-wrong-answer-type"),
            ("answers.staffing-24h", "inspection-wrong-answer-type"),
            ("answers.visitor-log", "inspection-missing-answer"),
        ], Errors(Checkpoint, answers));
    }

    [Fact]
    public void Numbers_out_of_range_texts_too_long_and_empty_answers_are_refused()
    {
        var answers = Complete();
        answers["staff-on-duty"] = JsonSerializer.SerializeToElement(-1);
        answers["note"] = JsonSerializer.SerializeToElement(new string('字', 501));
        answers["masks"] = JsonSerializer.SerializeToElement<object?>(null);
        Assert.Equal(
        [
            ("answers.masks", "inspection-missing-answer"),
            ("answers.note", "field-too-long"),
            ("answers.staff-on-duty", "inspection-answer-out-of-range"),
        ], Errors(Checkpoint, answers));
        Assert.All(Errors(Checkpoint, []), e => Assert.Equal("inspection-missing-answer", e.Code));
        Assert.Equal(Checkpoint.Items.Count(i => i.Required), Errors(Checkpoint, []).Length);
    }

    [Fact]
    public void Versions_are_kept_apart_and_the_newest_is_current()
    {
        const string json = """
            { "key": "market", "placeKind": "market", "name": { "zh": "市场", "en": "Market" }, "versions": [
              { "version": 1, "items": [ { "id": "masks", "type": "yes-no", "required": true, "text": { "zh": "口罩", "en": "Masks" } } ] },
              { "version": 2, "items": [ { "id": "masks", "type": "yes-no", "required": true, "text": { "zh": "口罩", "en": "Masks" } },
                                         { "id": "qr", "type": "yes-no", "required": true, "text": { "zh": "扫码", "en": "Scan" } } ] } ] }
            """;
        var templates = new InspectionTemplates(InspectionTemplates.Parse(json));
        Assert.Equal(2, templates.Latest("market")!.Version);
        Assert.Single(templates.Get("market", 1)!.Items);
        // What version 1 accepted, version 2 asks more of.
        Assert.Empty(Errors(templates.Get("market", 1)!, Answers(("masks", true))));
        Assert.Equal([("answers.qr", "inspection-missing-answer")], Errors(templates.Latest("market")!, Answers(("masks", true))));
    }

    [Fact]
    public void A_malformed_template_fails_when_it_is_read()
    {
        Assert.Throws<InvalidDataException>(() => InspectionTemplates.Parse("""
            { "key": "x", "placeKind": "market", "name": { "zh": "x", "en": "x" }, "versions": [
              { "version": 1, "items": [ { "id": "a", "type": "colour", "required": true, "text": { "zh": "a", "en": "a" } } ] } ] }
            """).ToList());
        Assert.Throws<InvalidDataException>(() => InspectionTemplates.Parse("""
            { "key": "x", "placeKind": "harbour", "name": { "zh": "x", "en": "x" }, "versions": [] }
            """).ToList());
    }
}
