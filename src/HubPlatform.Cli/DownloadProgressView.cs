using System.Collections.Concurrent;
using HubPlatform.Client.Files;
using Spectre.Console;

namespace HubPlatform.Cli;

/// <summary>
/// Shows download progress on standard error: a live bar per file and one for the total when a person is watching,
/// one plain line per finished file otherwise (or nothing, with <c>HF_HUB_DISABLE_PROGRESS_BARS=1</c>).
/// </summary>
internal sealed class DownloadProgressView
{
    private readonly CliContext _context;
    private readonly bool _quiet;

    public DownloadProgressView(CliContext context, bool quiet)
    {
        _context = context;
        _quiet = quiet;
    }

    public async Task<T> RunAsync<T>(Func<IProgress<DownloadProgress>?, Task<T>> work)
    {
        if (_quiet)
        {
            return await work(null);
        }

        if (!_context.Interactive)
        {
            return await work(new PlainProgress(_context.Error));
        }

        T result = default!;
        await _context.ErrorConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var live = new LiveProgress(ctx);
                result = await work(live);
                live.Finish();
            });
        return result;
    }

    private sealed class PlainProgress(TextWriter error) : IProgress<DownloadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(DownloadProgress value)
        {
            if (!value.Completed)
            {
                return;
            }

            lock (_gate)
            {
                error.WriteLine($"{value.Path} ({Sizes.Human(value.BytesDone)})");
            }
        }
    }

    private sealed class LiveProgress : IProgress<DownloadProgress>
    {
        private readonly ProgressContext _context;
        private readonly ConcurrentDictionary<string, (ProgressTask Task, long Done)> _files = new(StringComparer.Ordinal);
        private readonly ProgressTask _total;
        private readonly Lock _gate = new();

        public LiveProgress(ProgressContext context)
        {
            _context = context;
            _total = context.AddTask("[bold]total[/]", autoStart: true, maxValue: 0);
        }

        public void Report(DownloadProgress value)
        {
            lock (_gate)
            {
                if (!_files.TryGetValue(value.Path, out var entry))
                {
                    var max = value.TotalBytes ?? Math.Max(1, value.BytesDone);
                    entry = (_context.AddTask(Markup.Escape(value.Path), autoStart: true, maxValue: max), 0);
                    _total.MaxValue += max;
                }

                var delta = value.BytesDone - entry.Done;
                entry.Task.Value = value.BytesDone;
                _total.Value += delta;
                if (value.Completed)
                {
                    entry.Task.Value = entry.Task.MaxValue;
                    entry.Task.StopTask();
                }

                _files[value.Path] = (entry.Task, value.BytesDone);
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                _total.Value = _total.MaxValue;
                _total.StopTask();
            }
        }
    }
}
