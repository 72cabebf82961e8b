namespace Frontline.Bench;

/// <summary>
/// Scale benchmarks. They print figures and ratios and assert nothing about time; they fail only when
/// a result is wrong (a row not imported, a row rejected).
/// </summary>
static class Program
{
    static async Task<int> Main(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : null;
        var rest = args.Skip(verb is null ? 0 : 1).ToArray();
        if (verb == "testing" && TestingOptions.Parse(rest) is { } testing) return await new TestingBench(testing).RunAsync();
        if (verb == "investigation-chain" && ChainOptions.Parse(rest) is { } chain) return await new ChainBench(chain).RunAsync();
        if (verb == "investigation" && CheckInOptions.Parse(rest) is { } checkIns) return await new CheckInBench(checkIns).RunAsync();
        if (verb == "containment" && ZoneReleaseOptions.Parse(rest) is { } zones) return await new ZoneReleaseBench(zones).RunAsync();
        if (verb == "containment-occupancy" && OccupancyOptions.Parse(rest) is { } occupancy) return await new OccupancyBench(occupancy).RunAsync();
        if (verb == "command" && ZoneReleaseOptions.Parse(rest) is { } command) return await new CommandBench(command).RunAsync();
        var options = verb == "import" ? Options.Parse(rest) : null;
        if (options is null)
        {
            Console.Error.WriteLine("""
                Usage: dotnet run -c Release --project bench/Frontline.Bench -- import [--rows 1000000] [--format csv|xlsx]
                         [--no-bom] [--profile] [--reimport|--no-reimport] [--keep]
                  --rows N      rows in the generated roster (default 1,000,000)
                  --format      csv (UTF-8, default) or xlsx (MiniExcel; use a smaller N)
                  --no-bom      write the CSV without a byte-order mark (the importer then scans the file for its encoding)
                  --reimport    import the same file a second time and check every row comes back unchanged
                                (the default up to 100,000 rows)
                  --profile     also time reading alone and reading + validation, to show where the import spends its time
                  --keep        keep the temporary folder (roster file and both databases)

                       dotnet run -c Release --project bench/Frontline.Bench -- testing [--residents 4500000] [--clients 8]
                         [--batch 500] [--provider sqlite|postgres] [--no-warm-up] [--keep]
                  --residents N residents of the seeded district, every one sampled once in the round (default 4,500,000)
                  --clients N   concurrent HTTP clients posting sample batches (default 8)
                  --batch N     scans per batch, whole tubes of 10 (default 500, at most 1,000)
                  --provider    sqlite (default; a fresh file in a temporary folder) or postgres (a fresh database on the
                                server of FRONTLINE_TEST_POSTGRES, dropped at the end)
                  --no-warm-up  skip the warm-up round on a throwaway 2,000-resident database
                  --dashboard   a commander's dashboard open during the round (read every 2 s, figures recounted every 10 s)
                  --keep        keep the temporary folder (and, on PostgreSQL, the databases)

                       dotnet run -c Release --project bench/Frontline.Bench -- investigation [--checkins 20000000] [--residents 4500000]
                         [--places N] [--clients 8] [--batch 1000] [--repeats 50] [--provider sqlite|postgres] [--keep]
                  --checkins N  check-ins over the last 14 days, sent through POST /api/checkins/batch (default 20,000,000)
                  --residents N residents of the seeded district (default 4,500,000)
                  --places N    registered places (default one per 90 residents)
                  --clients N   concurrent HTTP clients (default 8); --batch N check-ins a batch (default 1,000)
                  --repeats N   timed companion searches of the 20-entry case (default 50)

                       dotnet run -c Release --project bench/Frontline.Bench -- containment [--residents 4500000] [--zones 2000]
                         [--provider sqlite|postgres] [--keep]
                  --residents N residents of the seeded district (default 4,500,000)
                  --zones N     sealed zones, one per building, each with a case of the last week (default 2,000)
                       dotnet run -c Release --project bench/Frontline.Bench -- containment-occupancy [--facilities 100] [--rooms 20000]
                         [--provider sqlite|postgres] [--keep]
                  --facilities N quarantine facilities (default 100); --rooms N rooms across them (default 20,000; 70 % occupied)

                       dotnet run -c Release --project bench/Frontline.Bench -- command [--residents 4500000] [--zones 2000]
                         [--provider sqlite|postgres] [--keep]
                  the week of the containment bench, then the daily figures counted, the dashboard of the district and of a
                  street, and yesterday's briefing made and written as Word
                """);
            return 2;
        }
        return await new RosterImportBench(options).RunAsync();
    }
}
