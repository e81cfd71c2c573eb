using System.CommandLine;
using System.Globalization;
using HubPlatform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Cli;

/// <summary><c>hub worker</c> runs background jobs over a data folder; <c>hub jobs</c> lists them and <c>hub jobs retry</c> re-queues one.</summary>
internal static class JobCommands
{
    public static Command Worker(CliContext context)
    {
        var data = ServeCommands.DataOption(context);
        var untilIdle = new Option<bool>("--until-idle") { Description = "Stop once no job is due (for a scheduled run) instead of waiting for more." };
        var command = new Command("worker", "Run the mirror's background jobs (for a 'hub serve --no-worker'), until interrupted.") { data, untilIdle };
        command.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await ServeCommands.OpenAsync(parse.GetValue(data)!, ct);
            List<string> handlers;
            await using (var scope = services.CreateAsyncScope())
            {
                handlers = [.. scope.ServiceProvider.GetServices<IJobHandler>().Select(h => h.Kind)];
            }

            if (handlers.Count == 0)
            {
                await context.Error.WriteLineAsync("hub: no kind of job is defined yet, so there is nothing to run (dataset indexing and model validation will be)");
                return ExitCodes.Success;
            }

            await context.Error.WriteLineAsync($"hub: running jobs of kinds {string.Join(", ", handlers)}");
            var worker = services.GetRequiredService<JobWorker>();
            if (parse.GetValue(untilIdle))
            {
                var ran = 0;
                while (await worker.RunOnceAsync(ct))
                {
                    ran++;
                }

                await context.Error.WriteLineAsync($"hub: {ran} jobs run; none is due now");
                return ExitCodes.Success;
            }

            try
            {
                await worker.RunAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Interrupted: a job in progress goes back to the queue when its lease expires.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static Command Jobs(CliContext context)
    {
        var data = ServeCommands.DataOption(context);
        var failed = new Option<bool>("--failed") { Description = "Only jobs that failed for good." };
        var json = CommonOptions.Json();
        var limit = new Option<int>("--limit") { Description = "How many, newest first.", DefaultValueFactory = _ => 100 };
        var command = new Command("jobs", "List the mirror's background jobs: id, kind, status, attempts, repository, commit, file, error.") { data, failed, json, limit };
        command.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await ServeCommands.OpenAsync(parse.GetValue(data)!, ct);
            await using var scope = services.CreateAsyncScope();
            var jobs = await scope.ServiceProvider.GetRequiredService<JobQueue>().ListAsync(parse.GetValue(failed), Math.Max(1, parse.GetValue(limit)), ct);
            if (parse.GetValue(json))
            {
                await using var stream = new MemoryStream();
                await using (var writer = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartArray();
                    foreach (var job in jobs)
                    {
                        writer.WriteStartObject();
                        writer.WriteNumber("id", job.Id);
                        writer.WriteString("kind", job.Kind);
                        writer.WriteString("status", job.Status);
                        writer.WriteNumber("attempts", job.Attempts);
                        writer.WriteNumber("maxAttempts", job.MaxAttempts);
                        writer.WriteNumber("repositoryId", job.RepositoryId);
                        writer.WriteString("commit", job.CommitId);
                        writer.WriteString("path", job.Path);
                        writer.WriteString("error", job.Error);
                        writer.WriteString("result", job.Result);
                        writer.WriteString("createdAt", job.CreatedAt);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return ExitCodes.Success;
            }

            foreach (var job in jobs)
            {
                var error = job.Error is null ? string.Empty : "\t" + CommandRunner.OneLine(job.Error);
                await context.Out.WriteLineAsync($"{job.Id.ToString(CultureInfo.InvariantCulture)}\t{job.Kind}\t{job.Status}\t{job.Attempts}/{job.MaxAttempts}\trepo {job.RepositoryId}\t{job.CommitId[..Math.Min(12, job.CommitId.Length)]}\t{job.Path}{error}");
            }

            return ExitCodes.Success;
        });

        var retryData = ServeCommands.DataOption(context);
        var id = new Argument<long>("ID") { Description = "The job's id (see 'hub jobs')." };
        var retry = new Command("retry", "Queue a job again from its first attempt.") { id, retryData };
        retry.SetHandler(context, async (parse, ct) =>
        {
            await using var services = await ServeCommands.OpenAsync(parse.GetValue(retryData)!, ct);
            await using var scope = services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<JobQueue>().RetryAsync(parse.GetValue(id), ct))
            {
                await context.Error.WriteLineAsync($"hub: error: no job {parse.GetValue(id)} that is not running now.");
                return ExitCodes.HubError;
            }

            await context.Out.WriteLineAsync($"Job {parse.GetValue(id)} queued again.");
            return ExitCodes.Success;
        });
        command.Add(retry);
        return command;
    }
}
