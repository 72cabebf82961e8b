using Frontline.Platform;
using Frontline.Testing;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Testing;

/// <summary>The scan batch's decisions as a pure function of (the batch, what the database holds): no database here.</summary>
public sealed class ScanDecisionsTests
{
    static readonly PolicySet Policy = new PolicySets(new ConfigurationBuilder().Build()).Active;
    static readonly TestingRound Round = new()
    {
        Id = 7, Name = "r", ScopeCodes = "440306000000", CreatedBy = "t", PoolSize = 10,
        StartsAt = new DateTime(2022, 3, 14, 0, 0, 0, DateTimeKind.Utc), EndsAt = new DateTime(2022, 3, 15, 0, 0, 0, DateTimeKind.Utc),
    };
    static readonly SamplingSite Site = new() { Id = 3, Code = "S1", Name = "s", CommunityCode = "440306005002" };
    static readonly PersonFacts Adult = new("440306005002", new DateOnly(1980, 1, 1));

    static ScanItem Scan(int index, string eventId, string tube, long person, int? pool = null) =>
        new(index, new SampleEvent(eventId, "7", "S1", tube, pool, null, person.ToString(), null, null, null, null))
        {
            Round = Round, Site = Site, TubeCode = tube, PersonId = person, CollectedAt = new DateTime(2022, 3, 14, 1, 0, 0, DateTimeKind.Utc),
        };

    static ScanFacts Facts(IEnumerable<long> persons, HashSet<(long, long)>? sampled = null, Dictionary<long, IReadOnlyList<OpenOrder>>? orders = null,
        Dictionary<string, TubeState>? tubes = null) =>
        new(persons.ToDictionary(p => p, _ => Adult), sampled ?? [], orders ?? [], tubes ?? []);

    [Fact]
    public void A_new_tube_takes_its_pool_size_from_the_round_and_fills_up_to_it()
    {
        var items = Enumerable.Range(1, 11).Select(i => Scan(i, $"e{i}", "T1", i)).ToList();
        var plan = ScanDecisions.Decide(items, Facts(Enumerable.Range(1, 11).Select(i => (long)i)), Policy, "sampler");
        Assert.Equal(10, plan.Planned.Count);
        Assert.Equal(10, plan.NewTubes["T1"].PoolSize);
        Assert.Equal(10, plan.Tubes["T1"].Count);
        Assert.Equal("tube-full", items[10].Error);
        Assert.All(plan.Planned, p => Assert.Equal("sampler", p.Collector));
    }

    [Fact]
    public void The_same_event_twice_in_a_batch_is_one_scan()
    {
        var items = new List<ScanItem> { Scan(0, "e1", "T1", 1), Scan(1, "e1", "T1", 1) };
        var plan = ScanDecisions.Decide(items, Facts([1]), Policy, "sampler");
        Assert.Single(plan.Planned);
        Assert.True(items[1].Duplicate);
        Assert.Null(items[1].Error);
    }

    [Fact]
    public void A_person_sampled_in_the_round_is_refused_unless_due_a_re_test_which_needs_a_single_tube()
    {
        var items = new List<ScanItem> { Scan(0, "a", "T1", 1), Scan(1, "b", "T2", 2, pool: 10), Scan(2, "c", "T3", 3) };
        var facts = Facts([1, 2, 3], sampled: [(7, 1), (7, 2), (7, 3)], orders: new() { [2] = [new(42, null)], [3] = [new(43, null)] });
        var plan = ScanDecisions.Decide(items, facts, Policy, "sampler");
        Assert.Equal("already-sampled", items[0].Error);
        Assert.Equal("retest-needs-single-tube", items[1].Error);
        var retest = Assert.Single(plan.Planned);
        Assert.Equal((43L, 1), (retest.Order!.Value, plan.NewTubes["T3"].PoolSize));
    }

    static readonly DateOnly ScanDay = new(2022, 3, 14);

    [Theory]
    // open orders (id:day offset from the scan's China day, "r" a re-test) → the order taken
    [InlineData("50:0", 50L)]           // the stay's test of the day
    [InlineData("50:1", null)]          // tomorrow's waits for its day
    [InlineData("50:-2,51:-1", 50L)]    // none today: the oldest overdue one is made good late (补采)
    [InlineData("50:-1,51:0", 51L)]     // today's first; yesterday's stays overdue
    [InlineData("50:0,40:r", 40L)]      // a re-test first
    public void A_scan_takes_the_re_test_else_the_test_of_its_day_else_the_oldest_overdue(string open, long? taken)
    {
        var orders = open.Split(',').Select(o => o.Split(':'))
            .Select(o => new OpenOrder(long.Parse(o[0]), o[1] == "r" ? null : ScanDay.AddDays(int.Parse(o[1])))).ToList();
        Assert.Equal(taken, ScanDecisions.OrderFor(orders, ScanDay)?.Id);
    }

    [Fact]
    public void A_stay_test_of_the_scans_day_is_taken_once_in_a_single_tube_and_a_second_scan_is_the_rounds()
    {
        var items = new List<ScanItem> { Scan(0, "a", "T1", 1), Scan(1, "b", "T2", 1, pool: 10) };
        var facts = Facts([1], orders: new() { [1] = [new(60, ScanDay.AddDays(3)), new(61, ScanDay)] });
        var plan = ScanDecisions.Decide(items, facts, Policy, "sampler");
        Assert.Equal(2, plan.Planned.Count);
        Assert.Equal(61L, plan.Planned[0].Order);
        Assert.Equal(1, plan.NewTubes["T1"].PoolSize);
        // The second scan finds no order of its day left: it is the person's sample of the round, pooled.
        Assert.Null(plan.Planned[1].Order);
    }

    [Fact]
    public void A_hotel_guest_from_elsewhere_is_sampled_in_the_hotels_round_for_the_test_ordered_there()
    {
        var round = new TestingRound
        {
            Id = 7, Name = "r", ScopeCodes = "440306005002", CreatedBy = "t", PoolSize = 10, StartsAt = Round.StartsAt, EndsAt = Round.EndsAt,
        };
        var guest = Scan(0, "g", "T1", 1);
        var neighbour = Scan(1, "n", "T2", 2);
        guest.Round = neighbour.Round = round;
        var elsewhere = new PersonFacts("440306001001", new DateOnly(1980, 1, 1));
        var facts = new ScanFacts(new Dictionary<long, PersonFacts> { [1] = elsewhere, [2] = elsewhere }, new HashSet<(long, long)>(),
            new Dictionary<long, IReadOnlyList<OpenOrder>> { [1] = [new(70, ScanDay, "440306005002")] }, new Dictionary<string, TubeState>());
        var plan = ScanDecisions.Decide([guest, neighbour], facts, Policy, "sampler");
        Assert.Equal(70L, Assert.Single(plan.Planned).Order);
        Assert.Equal("person-outside-round", neighbour.Error);
    }

    [Theory]
    [InlineData(8, 1, 10, "negative", "tube-in-other-round")]
    [InlineData(7, 3, 10, "positive", "tube-resulted")]
    [InlineData(7, 5, 5, "pending", "tube-full")]
    [InlineData(7, 4, 5, "pending", null)]
    public void An_existing_tube_is_checked_against_what_the_database_holds(long tubeRound, int count, int pool, string outcome, string? error)
    {
        var item = Scan(0, "e", "T9", 1);
        var tube = new TubeState(99, tubeRound, pool, count, Enum.Parse<Outcome>(outcome, ignoreCase: true));
        var plan = ScanDecisions.Decide([item], Facts([1], tubes: new() { ["T9"] = tube }), Policy, "sampler");
        Assert.Equal(error, item.Error);
        Assert.Empty(plan.NewTubes);
        Assert.Equal(error is null ? count + 1 : count, plan.Tubes["T9"].Count);
    }

    [Fact]
    public void What_the_database_holds_is_not_changed_by_deciding()
    {
        var tubes = new Dictionary<string, TubeState> { ["T1"] = new(5, 7, 10, 2, Outcome.Pending) };
        var sampled = new HashSet<(long, long)>();
        var facts = Facts([1, 2], sampled, tubes: tubes);
        ScanDecisions.Decide([Scan(0, "a", "T1", 1), Scan(1, "b", "T1", 2)], facts, Policy, "sampler");
        Assert.Equal(2, tubes["T1"].Count);
        Assert.Empty(sampled);
    }

    [Theory]
    [InlineData("440306005002", "440306005002", null)]        // a round of the person's community
    [InlineData("440306005000", "440306005002", null)]        // of their street
    [InlineData("440306005002,440306001001", "440306001001", null)] // one of several
    [InlineData("440306001001", "440306005002", "person-outside-round")]
    [InlineData("440306005001", "440306005002", "person-outside-round")]
    public void A_round_samples_the_people_of_its_scope(string scope, string community, string? error)
    {
        var round = new TestingRound
        {
            Id = 7, Name = "r", ScopeCodes = scope, CreatedBy = "t", PoolSize = 10, StartsAt = Round.StartsAt, EndsAt = Round.EndsAt,
        };
        var item = Scan(0, "e", "T1", 1);
        item.Round = round;
        var facts = new ScanFacts(new Dictionary<long, PersonFacts> { [1] = new(community, new DateOnly(1980, 1, 1)) }, new HashSet<(long, long)>(),
            new Dictionary<long, IReadOnlyList<OpenOrder>>(), new Dictionary<string, TubeState>());
        var plan = ScanDecisions.Decide([item], facts, Policy, "sampler");
        Assert.Equal(error, item.Error);
        Assert.Equal(error is null ? 1 : 0, plan.Planned.Count);
        Assert.Equal(error is null ? 1 : 0, plan.NewTubes.Count);
    }

    [Fact]
    public void A_person_outside_the_round_takes_no_place_in_a_tube_and_an_unreadable_item_is_refused_before_deciding()
    {
        var outside = new PersonFacts("440306001001", new DateOnly(1980, 1, 1));
        var round = new TestingRound
        {
            Id = 7, Name = "r", ScopeCodes = "440306005002", CreatedBy = "t", PoolSize = 10, StartsAt = Round.StartsAt, EndsAt = Round.EndsAt,
        };
        var items = new List<ScanItem> { Scan(0, "a", "T1", 1), Scan(1, "b", "T1", 2) };
        items.ForEach(i => i.Round = round);
        var facts = new ScanFacts(new Dictionary<long, PersonFacts> { [1] = outside, [2] = Adult }, new HashSet<(long, long)>(),
            new Dictionary<long, IReadOnlyList<OpenOrder>>(), new Dictionary<string, TubeState>());
        var plan = ScanDecisions.Decide(items, facts, Policy, "sampler");
        Assert.Equal("person-outside-round", items[0].Error);
        Assert.Equal(1, plan.Tubes["T1"].Count);

        var invalid = ScanItem.Invalid(3);
        Assert.Equal(("invalid-item", 3), (invalid.Error, invalid.Index));
    }

    [Fact]
    public void An_infant_is_marked_for_the_exemption_counts_and_a_named_collector_is_kept()
    {
        var infant = new PersonFacts("440306005002", new DateOnly(2022, 1, 1));
        var item = new ScanItem(0, new SampleEvent("e", "7", "S1", "T1", null, null, "1", null, " 王采样 ", null, null))
        {
            Round = Round, Site = Site, TubeCode = "T1", PersonId = 1, CollectedAt = DateTime.UtcNow,
        };
        var plan = ScanDecisions.Decide([item], new ScanFacts(new Dictionary<long, PersonFacts> { [1] = infant }, new HashSet<(long, long)>(),
            new Dictionary<long, IReadOnlyList<OpenOrder>>(), new Dictionary<string, TubeState>()), Policy, "sampler");
        var p = Assert.Single(plan.Planned);
        Assert.Equal("王采样", p.Collector);
        Assert.True(p.Infant);
    }
}
