using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HubPlatform.Cards;
using HubPlatform.Hub;

namespace HubPlatform.Cli;

/// <summary><c>hub card lint</c> and <c>hub card audit</c>: validate and audit cards on disk, like a compiler.</summary>
internal static class CardCommands
{
    public static Command Create(CliContext context)
    {
        var card = new Command("card", "Validate and audit model and dataset cards (README.md).");
        card.Add(Build(context, "lint", "Check cards as the Hub would: errors make a card invalid.", audit: false));
        card.Add(Build(context, "audit", "Check cards and audit their completeness and consistency.", audit: true));
        card.Add(Set(context));
        return card;
    }

    // hub card set REPO key=value... [--unset KEY]...: edits only those keys' lines and commits README.md alone.
    private static Command Set(CliContext context)
    {
        var repo = CommonOptions.Repo();
        var pairs = new Argument<string[]>("KEY=VALUE") { Description = "Metadata to set; values are YAML (mit, [en, fr], true, \"3\").", Arity = ArgumentArity.ZeroOrMore };
        var unset = new Option<string[]>("--unset") { Description = "A key to remove (repeatable)." };
        var type = CommonOptions.RepoType();
        var revision = CommonOptions.Revision();
        var message = new Option<string?>("--commit-message") { Description = "The commit title." };
        var force = new Option<bool>("--no-validate") { Description = "Push even if the Hub's rules find errors." };
        var command = new Command("set", "Edit a repository card's metadata in place and commit README.md alone; prints the commit URL.")
        {
            repo, pairs, unset, type, revision, message, force,
        };
        command.SetHandler(context, async (parse, ct) =>
        {
            var id = RepoId.Parse(parse.GetValue(repo)!);
            var kind = CommonOptions.ParseType(parse.GetValue(type)!);
            var rev = CommonOptions.ParseRevision(parse.GetValue(revision));
            var edits = new List<(string Key, System.Text.Json.Nodes.JsonNode? Value)>();
            foreach (var pair in parse.GetValue(pairs) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new UsageException($"'{pair}' is not KEY=VALUE.");
                }

                try
                {
                    edits.Add((pair[..equals], CardRepository.ParseValue(pair[(equals + 1)..])));
                }
                catch (FormatException e)
                {
                    throw new UsageException(e.Message);
                }
            }

            var removals = parse.GetValue(unset) ?? [];
            if (edits.Count == 0 && removals.Length == 0)
            {
                throw new UsageException("give at least one KEY=VALUE or --unset KEY.");
            }

            using var client = context.CreateClient(context.ResolveOptions());
            var card = await client.LoadCardAsync(id, kind, rev, ct);
            try
            {
                foreach (var (key, value) in edits)
                {
                    card = card.With(key, value);
                }

                foreach (var key in removals)
                {
                    card = card.Without(key);
                }
            }
            catch (InvalidOperationException e)
            {
                // The card on the Hub is broken in a way a line edit cannot mend (say, its YAML does not parse).
                throw new CardValidationException(e.Message);
            }

            var title = parse.GetValue(message) ?? $"Update card metadata ({string.Join(", ", edits.Select(e => e.Key).Concat(removals))})";
            var result = await client.PushCardAsync(id, card, kind, rev, title, validate: !parse.GetValue(force), cancellationToken: ct);
            await context.Out.WriteLineAsync(result.CommitUrl.ToString());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Build(CliContext context, string name, string description, bool audit)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Card files, folders of cards, or globs.", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var kind = new Option<string?>("--kind") { Description = "model or dataset (default: guessed from each card's metadata)." };
        kind.AcceptOnlyFromAmong("model", "dataset");
        var noRun = new Option<bool>("--no-run") { Description = "Read the model files beside a README only; do not run them in ONNX Runtime to verify their task." };
        var command = new Command(name, description) { paths, json, kind };
        if (audit)
        {
            command.Add(noRun);
        }

        command.SetHandler(context, async (parse, ct) =>
        {
            var files = CardPaths.Expand(parse.GetValue(paths) ?? []);
            var forced = parse.GetValue(kind) switch
            {
                "model" => CardKind.Model,
                "dataset" => (CardKind?)CardKind.Dataset,
                _ => null,
            };

            var asJson = parse.GetValue(json);
            var checker = new CardChecker();
            var anyInvalid = false;
            var first = true;
            if (asJson)
            {
                await context.Out.WriteAsync('[');
            }

            try
            {
                // Cards are checked on every core and printed in the order given, each as soon as those before it are.
                var rendered = OrderedParallel.SelectAsync(
                    files,
                    async (file, token) =>
                    {
                        var report = await CheckAsync(checker, file, forced, audit, !parse.GetValue(noRun), token);
                        return (report.Valid, Text: asJson ? ToJson(report) : ToText(report));
                    },
                    Environment.ProcessorCount,
                    ct);
                await foreach (var (valid, text) in rendered)
                {
                    anyInvalid |= !valid;
                    if (asJson)
                    {
                        await context.Out.WriteAsync(first ? "\n" : ",\n");
                        first = false;
                    }

                    await context.Out.WriteAsync(text);
                }
            }
            finally
            {
                if (asJson)
                {
                    // Closed even when a file could not be read, so what was printed is still one JSON array.
                    await context.Out.WriteLineAsync(first ? "]" : "\n]");
                }
            }

            return anyInvalid ? ExitCodes.HubError : ExitCodes.Success;
        });
        return command;
    }

    // A README beside model files is a repository's card: its audit holds it against what those files show.
    private static async Task<CardReport> CheckAsync(CardChecker checker, string file, CardKind? kind, bool audit, bool run, CancellationToken cancellationToken)
    {
        try
        {
            var evidence = audit && kind != CardKind.Dataset && string.Equals(Path.GetFileName(file), "README.md", StringComparison.OrdinalIgnoreCase)
                ? await ValidateCommand.FolderEvidenceAsync(Path.GetDirectoryName(Path.GetFullPath(file))!, run, cancellationToken)
                : null;
            return await checker.CheckFileAsync(file, kind, audit, cancellationToken, evidence);
        }
        catch (IOException e)
        {
            throw new UsageException($"cannot read '{file}': {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new UsageException($"cannot read '{file}': {e.Message}");
        }
    }

    // The compiler-style lines of one card, then its audit summary and findings.
    private static string ToText(CardReport report)
    {
        var text = new StringBuilder();
        foreach (var p in report.Problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"{report.File}:{p.Line}:{p.Column}: {Severity(p.Severity)} {p.Code} {p.Message}").Append('\n');
        }

        if (report.Audit is { } audit)
        {
            var missing = audit.Sections.Where(s => s.Value != SectionState.Present).Select(s => $"{s.Key} ({s.Value.ToString().ToLowerInvariant()})").ToList();
            text.Append(CultureInfo.InvariantCulture, $"{report.File}: score {audit.Score}/100{(missing.Count > 0 ? "; lacking " + string.Join(", ", missing) : string.Empty)}").Append('\n');
            foreach (var f in audit.Findings)
            {
                text.Append(CultureInfo.InvariantCulture, $"{report.File}:{f.Line ?? 1}:1: finding {f.Code} {f.Message}").Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Severity(ProblemSeverity severity) => severity == ProblemSeverity.Error ? "error" : "warning";

    // One element of the --json array.
    private static string ToJson(CardReport r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", r.File);
            w.WriteString("kind", r.Kind == CardKind.Model ? "model" : "dataset");
            w.WriteBoolean("valid", r.Valid);
            w.WriteStartArray("errors");
            foreach (var p in r.Problems)
            {
                w.WriteStartObject();
                w.WriteString("code", p.Code);
                w.WriteString("severity", Severity(p.Severity));
                w.WriteString("message", p.Message);
                if (p.Path is null)
                {
                    w.WriteNull("path");
                }
                else
                {
                    w.WriteString("path", p.Path);
                }

                w.WriteNumber("line", p.Line);
                w.WriteNumber("column", p.Column);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WritePropertyName("metadata");
            if (r.Card.Metadata is { } metadata)
            {
                metadata.WriteTo(w);
            }
            else
            {
                w.WriteNullValue();
            }

            if (r.Audit is { } audit)
            {
                w.WriteStartObject("audit");
                w.WriteNumber("score", audit.Score);
                w.WriteStartObject("sections");
                foreach (var (section, state) in audit.Sections)
                {
                    w.WriteString(section, state.ToString().ToLowerInvariant());
                }

                w.WriteEndObject();
                w.WriteStartArray("findings");
                foreach (var f in audit.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("code", f.Code);
                    w.WriteString("message", f.Message);
                    if (f.Line is { } line)
                    {
                        w.WriteNumber("line", line);
                    }
                    else
                    {
                        w.WriteNull("line");
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
