using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Registry.Demo;

namespace Frontline.Bench;

sealed record ChainOptions(int Cases, int Contacts, bool Browser, bool Keep)
{
    public static ChainOptions? Parse(string[] args)
    {
        var (cases, contacts, browser, keep) = (5_000, 20_000, true, false);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--cases" when i + 1 < args.Length && int.TryParse(args[i + 1], out var c) && c > 0: cases = c; i++; break;
                case "--contacts" when i + 1 < args.Length && int.TryParse(args[i + 1], out var k) && k >= 0: contacts = k; i++; break;
                case "--no-browser": browser = false; break;
                case "--keep": keep = true; break;
                default: return null;
            }
        }
        return new(cases, contacts, browser, keep);
    }
}

/// <summary>
/// The chain part of the investigation benchmark: one cluster of N cases (each infected by one of the 40 cases before
/// it, a single root) and M contacts (three in four close, one in four secondary through a close contact of the same
/// case) in a fresh SQLite database; the server's answer for the cluster (<see cref="Chains.ForCaseAsync"/>: reading,
/// masking, laying out) and the layout alone beside a plain breadth-first walk of the same forest in the same run; then
/// the first draw in headless Chromium (sigma.js, the page's own script) and the frames while it zooms.
/// </summary>
sealed class ChainBench(ChainOptions options)
{
    const int Runs = 5;

    public async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "frontline-bench-chain-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            return await RunInAsync(folder);
        }
        finally
        {
            if (!options.Keep) try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    async Task<int> RunInAsync(string folder)
    {
        var (n, m) = (options.Cases, options.Contacts);
        await using var app = Frontline.Program.Build(["--applicationName=Frontline"], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FRONTLINE_DATA"] = folder,
                ["FRONTLINE_DEMO_RESIDENTS"] = "0",
                ["Frontline:Demo"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            });
            b.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
        });
        await Database.MigrateAsync(app.Services);
        var seed = Stopwatch.StartNew();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(residents: n + m);
        var (leafCase, inputs) = await SeedClusterAsync(app, n, m);
        Console.WriteLine($"Load average at the start: {LoadAverage()}");
        Console.WriteLine($"Seeded {n + m:N0} residents, {n:N0} cases in one cluster and {m:N0} contacts in {seed.Elapsed.TotalSeconds:0.0} s (not measured)");

        Caller admin;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin") ?? throw new InvalidOperationException("no admin");
            admin = Caller.From(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user));
        }

        // The server's whole answer, as GET /api/cases/{id}/chain makes it (JSON writing aside): one warm-up, then the median of five.
        Chain chain;
        await using (var scope = app.Services.CreateAsyncScope()) chain = await scope.ServiceProvider.GetRequiredService<Chains>().ForCaseAsync(admin, leafCase);
        if (chain.Cases != n || chain.Contacts != m) throw new InvalidOperationException($"the chain holds {chain.Cases} cases and {chain.Contacts} contacts");
        Measure.Settle();
        var resetPeak = Measure.ResetPeakWorkingSet();
        var before = Memory.Now();
        var cpu = Measure.Cpu();
        var server = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var clock = Stopwatch.StartNew();
            chain = await scope.ServiceProvider.GetRequiredService<Chains>().ForCaseAsync(admin, leafCase);
            server.Add(clock.Elapsed.TotalMilliseconds);
        }
        var serverCpu = (Measure.Cpu() - cpu).TotalMilliseconds / Runs;
        var after = Memory.Now();
        var json = JsonSerializer.SerializeToUtf8Bytes(chain, JsonSerializerOptions.Web);

        // The layout alone and a plain breadth-first walk of the same forest (children lists built, every node visited once).
        var layout = Time(() => ChainLayout.Layout(inputs));
        var walk = Time(() => BreadthFirst(inputs));
        Console.WriteLine();
        Console.WriteLine($"Chain of {n:N0} cases and {m:N0} contacts ({chain.Nodes.Count:N0} nodes, {chain.Edges.Count:N0} edges; {chain.Nodes.Max(x => x.Generation)} generations; JSON {json.Length / 1024.0 / 1024:0.0} MiB)");
        Console.WriteLine($"  server answer (read, mask, lay out)  median {Median(server):0.0} ms  (min {server.Min():0.0}, max {server.Max():0.0}; CPU {serverCpu:0.0} ms)   aim < 2,000 ms");
        Console.WriteLine($"  layout alone                         median {Median(layout):0.00} ms");
        Console.WriteLine($"  baseline: breadth-first walk         median {Median(walk):0.00} ms   layout / walk = {Median(layout) / Median(walk):0.0}");
        Console.WriteLine($"  peak working set {(resetPeak ? "during the server runs" : "of the process")} {after.PeakWorkingSet / 1024.0 / 1024:0} MiB; allocated {(after.Allocated - before.Allocated) / Runs / 1024.0 / 1024:0.0} MiB per answer");

        if (!options.Browser) return 0;
        var (drawMs, againMs, zoomFirstFrame, worstFrame, frames) = await DrawAsync(ChainDrawing.From(chain));
        Console.WriteLine($"  first draw in headless Chromium      {drawMs:0} ms (scripts, graph, WebGL, two frames)   aim < 2,000 ms");
        Console.WriteLine($"  the same again (scripts loaded)      {againMs:0} ms");
        Console.WriteLine($"  zoom: first frame after the call     {zoomFirstFrame:0.0} ms; {frames} frames over three zooms, the longest {worstFrame:0.0} ms");
        return 0;
    }

    static List<double> Time(Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < Runs * 4; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores"; }
        catch (IOException) { return "unknown"; }
    }

    static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    /// <summary>The least any layout must do: children lists, then every node once from the roots.</summary>
    static int BreadthFirst(IReadOnlyList<ChainLayout.Input> nodes)
    {
        var n = nodes.Count;
        var start = new int[n + 1];
        for (var i = 0; i < n; i++) if (nodes[i].Parent >= 0) start[nodes[i].Parent + 1]++;
        for (var i = 0; i < n; i++) start[i + 1] += start[i];
        var children = new int[start[n]];
        var fill = (int[])start.Clone();
        for (var i = 0; i < n; i++) if (nodes[i].Parent >= 0) children[fill[nodes[i].Parent]++] = i;
        var queue = new Queue<int>();
        var depth = new int[n];
        for (var i = 0; i < n; i++) if (nodes[i].Parent < 0) queue.Enqueue(i);
        var visited = 0;
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            visited++;
            for (var c = start[node]; c < start[node + 1]; c++)
            {
                depth[children[c]] = depth[node] + 1;
                queue.Enqueue(children[c]);
            }
        }
        return visited;
    }

    /// <summary>Cases and contacts written straight into the tables (the services' checks are not what is measured); the layout's inputs alongside.</summary>
    static async Task<(long LeafCase, List<ChainLayout.Input> Inputs)> SeedClusterAsync(WebApplication app, int n, int m)
    {
        var random = new Random(2022);
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var persons = await db.Persons.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.CommunityCode }).Take(n + m).ToListAsync();
        var now = DateTime.UtcNow;
        var cases = new List<Case>(n);
        var inputs = new List<ChainLayout.Input>(n + m);
        for (var i = 0; i < n; i++)
        {
            var p = persons[i];
            var infector = i == 0 ? (int?)null : random.Next(Math.Max(0, i - 40), i);
            cases.Add(new Case
            {
                PersonId = p.Id, CommunityCode = p.CommunityCode, Classification = CaseClassification.Confirmed, DetectedBy = "report",
                ReportedAt = now.AddMinutes(-n + i), DistrictCode = CaseNumbers.DistrictOf(p.CommunityCode), Number = i + 1,
            });
            inputs.Add(new(infector ?? -1, 0));
        }
        db.Cases.AddRange(cases);
        await db.SaveChangesAsync();
        for (var i = 1; i < n; i++) cases[i].InfectorCaseId = cases[inputs[i].Parent].Id;
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        var contacts = new List<Contact>(m);
        var closeOf = new List<(int Index, int Case)>();
        for (var i = 0; i < m; i++)
        {
            var p = persons[n + i];
            var secondary = closeOf.Count > 0 && random.Next(4) == 0;
            var via = secondary ? closeOf[random.Next(closeOf.Count)] : default;
            var caseIndex = secondary ? via.Case : random.Next(n);
            contacts.Add(new Contact
            {
                CaseId = cases[caseIndex].Id, PersonId = p.Id, Kind = secondary ? ContactKind.Secondary : ContactKind.Close, LastExposureAt = now.AddDays(-1),
                Setting = secondary ? "household" : "workplace", Source = "bench", CommunityCode = cases[caseIndex].CommunityCode, AddedBy = "bench", AddedAt = now,
            });
            if (!secondary) closeOf.Add((i, caseIndex));
        }
        db.Contacts.AddRange(contacts);
        await db.SaveChangesAsync();
        // The second pass sets the secondary contacts' routes (a close contact of the same case) now that the close contacts have their ids.
        var viaOf = new Dictionary<int, int>();
        var secondaries = contacts.Select((c, i) => (c, i)).Where(x => x.c.Kind == ContactKind.Secondary).ToList();
        var closeByCase = contacts.Select((c, i) => (c, i)).Where(x => x.c.Kind == ContactKind.Close).GroupBy(x => x.c.CaseId).ToDictionary(g => g.Key, g => g.ToList());
        var pick = new Random(7);
        foreach (var (c, i) in secondaries)
        {
            var choices = closeByCase[c.CaseId];
            var via = choices[pick.Next(choices.Count)];
            c.ViaContactId = via.c.Id;
            viaOf[i] = via.i;
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
        var caseIndexOf = cases.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i);
        for (var i = 0; i < m; i++)
            inputs.Add(viaOf.TryGetValue(i, out var v) ? new(n + v, 2) : new(caseIndexOf[contacts[i].CaseId], 1));
        return (cases[^1].Id, inputs);
    }

    /// <summary>The chain page's own script in headless Chromium, its files served from wwwroot; times from inside the page.</summary>
    static async Task<(double DrawMs, double AgainMs, double ZoomFirstFrame, double WorstFrame, int Frames)> DrawAsync(ChainDrawing drawing)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Frontline.slnx"))) root = root.Parent;
        var wwwroot = Path.Combine(root?.FullName ?? throw new InvalidOperationException("Frontline.slnx not found above the bench"), "src", "Frontline", "wwwroot");
        var data = JsonSerializer.SerializeToUtf8Bytes(drawing, JsonSerializerOptions.Web);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 } });
        await page.RouteAsync("http://bench.local/**", async route =>
        {
            var path = new Uri(route.Request.Url).AbsolutePath;
            if (path == "/") await route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><html><body style='margin:0'><div id='c' style='width:1366px;height:900px'></div></body></html>" });
            else if (path == "/chain.json") await route.FulfillAsync(new() { ContentType = "application/json", BodyBytes = data });
            else
            {
                var file = Path.Combine(wwwroot, path.TrimStart('/'));
                await route.FulfillAsync(File.Exists(file) ? new() { ContentType = "text/javascript", BodyBytes = await File.ReadAllBytesAsync(file) } : new() { Status = 404 });
            }
        });
        await page.GotoAsync("http://bench.local/");
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const data = await (await fetch('/chain.json')).json();
              const m = await import('/js/chain.js');
              const el = document.getElementById('c');
              const t0 = performance.now();
              const drawn = await m.draw(el, data);
              const drawMs = performance.now() - t0;
              const frame = () => new Promise(r => requestAnimationFrame(r));
              const z0 = performance.now();
              m.zoom(el, 1);
              await frame();
              const first = performance.now() - z0;
              let last = performance.now(), worst = 0, frames = 0;
              for (const d of [1, -1, 1]) {
                m.zoom(el, d);
                const end = performance.now() + 260;
                while (performance.now() < end) { await frame(); const t = performance.now(); worst = Math.max(worst, t - last); last = t; frames++; }
              }
              const t1 = performance.now();
              await m.draw(el, data);
              const againMs = performance.now() - t1;
              return { nodes: drawn.nodes, drawMs, againMs, first, worst, frames };
            }
            """);
        if (result.GetProperty("nodes").GetInt32() != drawing.Ids.Length) throw new InvalidOperationException("the page drew another number of nodes");
        return (result.GetProperty("drawMs").GetDouble(), result.GetProperty("againMs").GetDouble(), result.GetProperty("first").GetDouble(),
            result.GetProperty("worst").GetDouble(), result.GetProperty("frames").GetInt32());
    }
}
