#!/usr/bin/env bash
# Card lint benchmark (issue 3): HubPlatform.Cards parsing + typing + validating N cards (the corpus repeated) on one
# thread, against js-yaml parsing only the front matter of the same cards in Node, in the same run.
# Targets: >= 10,000 cards/s, and faster than js-yaml's parse alone.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-10000}
CORPUS=${HUBPLATFORM_CORPUS:-../shared/fixtures}
cards="$CORPUS/cards"
[ -d "$cards" ] || { echo "cards corpus not found at $cards (set HUBPLATFORM_CORPUS)" >&2; exit 2; }
[ -d bench/js/node_modules ] || (cd bench/js && npm ci --no-audit --no-fund >/dev/null)
dotnet build bench/HubPlatform.Bench.Cards -c Release -nologo -v q >/dev/null
dotnet build src/HubPlatform.Cli -c Release -nologo -v q >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

ours=$(dotnet bench/HubPlatform.Bench.Cards/bin/Release/net10.0/HubPlatform.Bench.Cards.dll "$cards" "$N" | cut -d' ' -f1)
theirs=$(node bench/js/parse-cards.mjs "$cards" "$N")

# What a user sees: `hub card lint` on N card files in one folder, a fresh process on every core (start-up, JIT and file
# reads included).
i=0
while [ "$i" -lt "$N" ]; do
  for f in "$cards"/*.md; do
    [ "$i" -lt "$N" ] || break
    cp "$f" "$work/$i.md"
    i=$((i + 1))
  done
done
start=$(date +%s%N)
dotnet src/HubPlatform.Cli/bin/Release/net10.0/hub.dll card lint "$work" >/dev/null || [ $? -eq 1 ]
cli_seconds=$(echo "($(date +%s%N) - $start) / 1000000000" | bc -l)
printf 'cards: %d (%d files repeated), one thread each (no taskset: pinned to one CPU, .NET tiered JIT starves and the figure drops 5-10x)\n' "$N" "$(ls "$cards"/*.md | wc -l)"
printf 'HubPlatform.Cards lint (parse + type + validate): %8d cards/s  (target >= 10000)\n' "$ours"
printf 'js-yaml parse of the front matter only:           %8d cards/s\n' "$theirs"
printf 'ratio ours/js-yaml:                               %8.2f   (target > 1)\n' "$(echo "$ours / $theirs" | bc -l)"
printf 'hub card lint on %d files (fresh process, %d cores): %.2f s = %d cards/s\n' "$N" "$(nproc)" "$cli_seconds" "$(echo "$N / $cli_seconds" | bc)"
