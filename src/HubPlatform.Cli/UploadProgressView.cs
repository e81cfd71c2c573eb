using HubPlatform.Client.Commits;
using Spectre.Console;

namespace HubPlatform.Cli;

/// <summary>
/// Shows upload progress on standard error: one bar for hashing and one for bytes sent when a person is watching, a line
/// per stage otherwise (or nothing, with <c>--quiet</c> or <c>HF_HUB_DISABLE_PROGRESS_BARS=1</c>).
/// </summary>
internal sealed class UploadProgressView(CliContext context, bool quiet)
{
    public async Task<T> RunAsync<T>(Func<IProgress<UploadProgress>?, Task<T>> work)
    {
        if (quiet)
        {
            return await work(null);
        }

        if (!context.Interactive)
        {
            return await work(new PlainProgress(context.Error));
        }

        T result = default!;
        await context.ErrorConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async ctx =>
            {
                var live = new LiveProgress(ctx);
                result = await work(live);
                live.Finish();
            });
        return result;
    }

    private sealed class PlainProgress(TextWriter error) : IProgress<UploadProgress>
    {
        private readonly Lock _gate = new();
        private UploadStage? _stage;

        public void Report(UploadProgress value)
        {
            lock (_gate)
            {
                if (_stage != value.Stage)
                {
                    _stage = value.Stage;
                    error.WriteLine(value.Stage switch
                    {
                        UploadStage.Hashing => $"hashing {Sizes.Human(value.TotalBytes)}",
                        UploadStage.Uploading => $"uploading {Sizes.Human(value.TotalBytes)} of LFS objects",
                        _ => "committing",
                    });
                }
            }
        }
    }

    private sealed class LiveProgress(ProgressContext context) : IProgress<UploadProgress>
    {
        private readonly Lock _gate = new();
        private readonly ProgressTask _hashing = context.AddTask("hashing", autoStart: true, maxValue: 0);
        private readonly ProgressTask _sending = context.AddTask("uploading", autoStart: false, maxValue: 0);

        public void Report(UploadProgress value)
        {
            lock (_gate)
            {
                var task = value.Stage switch
                {
                    UploadStage.Hashing => _hashing,
                    UploadStage.Uploading => _sending,
                    _ => null,
                };
                if (task is null)
                {
                    _hashing.Value = _hashing.MaxValue;
                    _sending.Value = _sending.MaxValue;
                    return;
                }

                task.StartTask();
                task.MaxValue = Math.Max(1, value.TotalBytes);
                task.Value = Math.Min(value.Bytes, task.MaxValue);
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                _hashing.Value = _hashing.MaxValue = Math.Max(1, _hashing.MaxValue);
                _sending.Value = _sending.MaxValue = Math.Max(1, _sending.MaxValue);
                _hashing.StopTask();
                _sending.StopTask();
            }
        }
    }
}
