using System.Net;
using HubPlatform.Storage;
using HubPlatform.Validation.Onnx.Tests;
using Google.Protobuf;
using HubPlatform.Validation.Onnx;
using Microsoft.Extensions.DependencyInjection;

namespace HubPlatform.Mirror.Tests;

/// <summary>A repository's tabs: files and a file's text at a revision, history, validation and audit, under the access rules.</summary>
public sealed class RepoTabPageTests : IAsyncLifetime
{
    private MirrorServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await MirrorServer.StartAsync(o => o.RunWorker = false);
        (await _server.CreateRepoAsync("tabs")).EnsureSuccessStatusCode();
        var graph = new GraphProto { Name = "g" };
        graph.Initializer.Add(TinyModels.Weight("w", 1, 4, 2));
        graph.Input.Add(TinyModels.Value("x", 1, "batch", 4));
        graph.Output.Add(TinyModels.Value("y", 1, "batch", 2));
        graph.Node.Add(TinyModels.Node("MatMul", ["x", "w"], ["y"]));
        (await _server.CommitAsync("acme/tabs", string.Join('\n', MirrorServer.Header("first"),
            MirrorServer.FileLine("README.md", "---\nlicense: mit\nnum_parameters: 999\n---\n# Tabs\n\nA model.\n"u8.ToArray()),
            MirrorServer.FileLine("config.json", "{\n  \"model_type\": \"toy\"\n}\n"u8.ToArray()),
            MirrorServer.FileLine("onnx/model.onnx", TinyModels.Model(graph).ToByteArray())))).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/tabs", string.Join('\n', MirrorServer.Header("second <b>bold</b>"),
            MirrorServer.FileLine("notes.txt", "line one\n<script>x</script>\n"u8.ToArray()), MirrorServer.FileLine("weights.bin", [0, 1, 2, 0])))).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private HttpClient Anonymous() => new() { BaseAddress = _server.Url };

    [Fact]
    public async Task Files_list_a_folder_with_sizes_and_downloads_and_a_file_shows_its_lines_escaped()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Anonymous();

        var root = await http.GetStringAsync("/acme/tabs/tree/main", ct);
        var folder = await http.GetStringAsync("/acme/tabs/tree/main/onnx", ct);
        var file = await http.GetStringAsync("/acme/tabs/blob/main/notes.txt", ct);
        var binary = await http.GetStringAsync("/acme/tabs/blob/main/weights.bin", ct);
        var missing = await http.GetAsync("/acme/tabs/blob/main/nothing.txt", ct);
        var climbing = await http.GetAsync("/acme/tabs/blob/main/..%2F..%2Fetc%2Fpasswd", ct);

        Assert.Contains("href=\"/acme/tabs/tree/main/onnx\"", root, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/tabs/blob/main/config.json\"", root, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/tabs/resolve/main/notes.txt?download=true\"", root, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"page\"", root, StringComparison.Ordinal);
        Assert.Contains("href=\"/acme/tabs/blob/main/onnx/model.onnx\"", folder, StringComparison.Ordinal);
        Assert.Contains("<td class=\"n\">2</td><td><pre>&lt;script&gt;x&lt;/script&gt;</pre></td>", file, StringComparison.Ordinal);
        Assert.Contains("This is a binary file.", binary, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, climbing.StatusCode);
    }

    [Fact]
    public async Task The_revision_picker_redirects_to_the_same_place_at_another_revision_and_history_lists_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        using var scope = _server.Services.CreateAsyncScope();
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _server.Url };

        var moved = await http.GetAsync("/acme/tabs/switch?revision=v%2F1&path=onnx&view=tree", ct);
        var history = await http.GetStringAsync("/acme/tabs/commits/main", ct);

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal("/acme/tabs/tree/v%2F1/onnx", moved.Headers.Location!.OriginalString);
        Assert.Contains("3 commits on main", history, StringComparison.Ordinal);
        Assert.Contains("second &lt;b&gt;bold&lt;/b&gt;", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_is_pending_then_shows_each_model_and_the_audit_lists_the_card_s_findings()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Anonymous();
        var pending = await http.GetStringAsync("/acme/tabs/validation", ct);
        var worker = _server.Services.GetRequiredService<JobWorker>();
        while (await worker.RunOnceAsync(ct))
        {
        }

        var done = await http.GetStringAsync("/acme/tabs/validation", ct);
        var audit = await http.GetStringAsync("/acme/tabs/audit", ct);

        Assert.Contains("is pending", pending, StringComparison.Ordinal);
        Assert.Contains("<h2>onnx/model.onnx</h2>", done, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">float32</th><td>8</td>", done, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">x</th><td>float32</td><td>[batch, 4]</td>", done, StringComparison.Ordinal);
        Assert.Contains("parameter-count-mismatch", done, StringComparison.Ordinal);
        Assert.Contains("Completeness:", audit, StringComparison.Ordinal);
        Assert.Contains("parameter-count-mismatch", audit, StringComparison.Ordinal);
        Assert.Contains("training procedure: missing", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gated_repository_s_file_text_and_validation_are_shown_only_to_those_let_in()
    {
        var ct = TestContext.Current.CancellationToken;
        (await _server.CreateRepoAsync("tabs-gated")).EnsureSuccessStatusCode();
        (await _server.CommitAsync("acme/tabs-gated", string.Join('\n', MirrorServer.Header("secret text"),
            MirrorServer.FileLine("notes.txt", "the secret recipe\n"u8.ToArray())))).EnsureSuccessStatusCode();
        using var owner = _server.Http(_server.WriteToken);
        (await owner.PutAsync("/api/models/acme/tabs-gated/settings", MirrorServer.Json("""{"gated":"manual"}"""), ct)).EnsureSuccessStatusCode();
        using var outsider = _server.Http(_server.OutsiderToken);

        var listed = await outsider.GetStringAsync("/acme/tabs-gated/tree/main", ct);
        var text = await outsider.GetStringAsync("/acme/tabs-gated/blob/main/notes.txt", ct);
        var validation = await outsider.GetStringAsync("/acme/tabs-gated/validation", ct);
        var ownText = await owner.GetStringAsync("/acme/tabs-gated/blob/main/notes.txt", ct);

        Assert.Contains("notes.txt", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret recipe", text, StringComparison.Ordinal);
        Assert.Contains("This repository is gated", text, StringComparison.Ordinal);
        Assert.Contains("This model is gated", validation, StringComparison.Ordinal);
        Assert.Contains("the secret recipe", ownText, StringComparison.Ordinal);
    }
}
