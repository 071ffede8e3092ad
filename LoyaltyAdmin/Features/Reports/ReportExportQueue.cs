using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Reports;

public enum ExportStatus { Queued, Running, Ready, Failed }

/// <summary>An export a user asked for; only its owner sees it and can download the file.</summary>
public sealed class ExportJob
{
    internal ExportJob(StaffActor actor, ExportRequest request, CultureInfo culture, DateTime createdAtUtc)
    {
        Actor = actor;
        Request = request;
        Culture = culture;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; } = Guid.NewGuid();
    public ExportRequest Request { get; }
    public DateTime CreatedAtUtc { get; }
    public string? OwnerId => Actor.UserId;
    public string FileName => Request.FileName;
    public ExportStatus Status { get; internal set; }
    public int Progress { get; internal set; }
    internal StaffActor Actor { get; }
    internal CultureInfo Culture { get; }
    internal string? Path { get; set; }
}

/// <summary>
/// Builds exports in the background, one at a time, so a long workbook neither blocks the page that asked for it nor
/// anyone else; files wait in a temp folder for their owner for a few hours.
/// </summary>
public sealed class ReportExportQueue(ReportExporter exporter, TimeProvider clock, ILogger<ReportExportQueue> logger) : BackgroundService
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(6);
    private readonly Channel<ExportJob> queue = Channel.CreateUnbounded<ExportJob>();
    private readonly ConcurrentDictionary<Guid, ExportJob> jobs = new();
    private readonly string folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "loyaltyadmin-exports");

    /// <summary>Raised (on a pool thread) whenever a job's status or progress changes.</summary>
    public event Action<ExportJob>? Changed;

    public ExportJob Enqueue(StaffActor actor, ExportRequest request)
    {
        actor.Demand(Permissions.Reports.Export);
        ForgetOld();
        var job = new ExportJob(actor, request, CultureInfo.CurrentUICulture, clock.GetUtcNow().UtcDateTime);
        jobs[job.Id] = job;
        queue.Writer.TryWrite(job);
        Changed?.Invoke(job);
        return job;
    }

    public IReadOnlyList<ExportJob> JobsOf(StaffActor actor) =>
        [.. jobs.Values.Where(j => actor.UserId is not null && j.OwnerId == actor.UserId).OrderByDescending(j => j.CreatedAtUtc)];

    /// <summary>The finished file of <paramref name="id"/>, only for the user who asked for it.</summary>
    public ExportJob? ReadyFor(Guid id, string? userId) =>
        jobs.TryGetValue(id, out var job) && userId is not null && job.OwnerId == userId && job.Status == ExportStatus.Ready && File.Exists(job.Path) ? job : null;

    public static string PathOf(ExportJob job) => job.Path ?? throw new InvalidOperationException("The export is not ready.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Directory.CreateDirectory(folder);
        await foreach (var job in queue.Reader.ReadAllAsync(stoppingToken))
            await RunAsync(job, stoppingToken);
    }

    /// <summary>Runs one job now (the worker's step; tests call it directly).</summary>
    public async Task RunAsync(ExportJob job, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, job.Id.ToString("N") + ".xlsx");
        (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (job.Culture, job.Culture);
        Update(job, ExportStatus.Running, 0);
        try
        {
            await using (var file = File.Create(path))
                await exporter.ExportAsync(job.Actor, job.Request, file, new Reporter(p => Update(job, ExportStatus.Running, p)), ct);
            job.Path = path;
            Update(job, ExportStatus.Ready, 100);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Export {File} for {User} failed", job.FileName, job.Actor.Name);
            File.Delete(path);
            Update(job, ExportStatus.Failed, job.Progress);
        }
    }

    private void Update(ExportJob job, ExportStatus status, int progress)
    {
        job.Status = status;
        job.Progress = progress;
        Changed?.Invoke(job);
    }

    private void ForgetOld()
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepFor;
        foreach (var old in jobs.Values.Where(j => j.CreatedAtUtc < cutoff && j.Status is ExportStatus.Ready or ExportStatus.Failed))
        {
            if (jobs.TryRemove(old.Id, out _) && old.Path is not null)
                File.Delete(old.Path);
        }
    }

    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
