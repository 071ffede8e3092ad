using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using LoyaltyAdmin.Benchmarks;

// load [--members N] [--events N] [--clients N] [--provider Sqlite|PostgreSql] [--outbox on|off] [--app-log FILE]:
// the integration API under load, against the same writes done by hand (ADO.NET on SQLite, Npgsql on PostgreSQL).
if (args.FirstOrDefault() == "load")
    return await ApiLoad.RunAsync(args[1..]);

// reports [--members N] [--entries N]: every report and the Excel pack on rollups, against raw SQL over the ledger.
if (args.FirstOrDefault() == "reports")
    return await ReportsBenchmark.RunAsync(args[1..]);

// ledger [--members N] [--events N]: the ledger's own cost per purchase, without HTTP.
if (args.FirstOrDefault() == "ledger")
    return await LedgerBenchmark.RunAsync(args[1..]);

// tiers [--members N]: the tier dry run of a threshold change (default 1,000,000 members).
if (args.FirstOrDefault() == "tiers")
    return await TierDryRunBenchmark.RunAsync(args[1..]);
// import [--members N] [--orders N]: the member migration import (dry run + apply) of a generated CSV (default 100,000 members).
if (args.FirstOrDefault() == "import")
    return await ImportBenchmark.RunAsync(args[1..]);

// webhooks [--members N] [--backlog N] [--rate N] [--seconds N]: deliveries/s to a local receiver; commit-to-delivery p99 at a purchase rate.
if (args.FirstOrDefault() == "webhooks")
    return await WebhookBenchmark.RunAsync(args[1..]);

// --quick: one short job (3 warm-ups, 3 iterations) for a smoke run; otherwise BenchmarkDotNet's defaults.
var quick = args.Contains("--quick");
var rest = args.Where(a => a != "--quick").ToArray();
// Without a selection BenchmarkDotNet asks on the console which class to run (and, with no stdin, runs nothing):
// the rules benchmarks are the only ones here, so no selection means all of them.
string[] selections = ["--filter", "-f", "--anyCategories", "--allCategories", "--attribute"];
if (!rest.Any(a => selections.Contains(a, StringComparer.OrdinalIgnoreCase)))
    rest = [.. rest, "--filter", "*"];
var config = DefaultConfig.Instance;
if (quick) config = config.AddJob(Job.ShortRun.WithId("Quick"));

var summaries = BenchmarkSwitcher.FromAssembly(typeof(EvaluationBenchmarks).Assembly).Run(rest, config);
foreach (var summary in summaries) PrintThroughput(summary);
return 0;

static void PrintThroughput(Summary summary)
{
    foreach (var report in summary.Reports)
    {
        if (report.ResultStatistics is not { } stats) continue;
        var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        Console.WriteLine(
            $"{report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,-28} {stats.Mean,10:F1} ns/op  {1e9 / stats.Mean,14:N0} evaluations/s  {bytes} B/op");
    }
}
