using System.Diagnostics;
using System.Globalization;
using HubPlatform.Cards;

// Lints COUNT cards (the corpus cards repeated) on one thread: parse, type the metadata, validate.
// Prints "cards_per_second total_problems". Usage: HubPlatform.Bench.Cards CARDS_FOLDER [COUNT]
if (args.Length < 1 || !Directory.Exists(args[0]))
{
    await Console.Error.WriteLineAsync("usage: HubPlatform.Bench.Cards CARDS_FOLDER [COUNT]");
    return 2;
}

var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
var texts = Directory.GetFiles(args[0], "*.md").Order(StringComparer.Ordinal).Select(f => Card.Decode(File.ReadAllBytes(f))).ToArray();
var validator = new CardValidator();

long Lint(int n)
{
    long problems = 0;
    for (var i = 0; i < n; i++)
    {
        var card = Card.Parse(texts[i % texts.Length]);
        problems += validator.Validate(card, card.GuessedKind).Count;
    }

    return problems;
}

// Warm up for two seconds, so tiered JIT has promoted the hot paths before the clock starts.
var warm = Stopwatch.StartNew();
while (warm.Elapsed < TimeSpan.FromSeconds(2))
{
    Lint(texts.Length);
}

var watch = Stopwatch.StartNew();
var total = Lint(count);
watch.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count / watch.Elapsed.TotalSeconds:0} {total}"));
return 0;
