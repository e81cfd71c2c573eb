#!/usr/bin/env bash
# Dataset viewer benchmark (issue 12): pages of /rows and a split's /statistics as the viewer computes them (Parquet.Net,
# HubPlatform.Datasets), against DuckDB doing the same reads of the same file, in the same run, one thread each.
# Targets: a page of rows <= 1.5x DuckDB's time, statistics <= 3x, and the process computing statistics under 400 MB RSS.
# ROWS (default 10,000,000) rows in row groups of 100,000: id, score (double, 5% null), label (int), text.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
dotnet build bench/HubPlatform.Bench.Datasets -c Release -nologo -v q >/dev/null
bench="dotnet bench/HubPlatform.Bench.Datasets/bin/Release/net10.0/HubPlatform.Bench.Datasets.dll"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/data.parquet"

$bench write "$file" "$ROWS"
printf 'file: %d rows, %s\n' "$ROWS" "$(du -h "$file" | cut -f1)"
# Each engine in its own process, so that one's memory and caches do not count for the other; the file is in the page
# cache for both (written just before).
/usr/bin/time -f 'max-rss-kb %M' -o "$work/ours.rss" $bench ours "$file" >"$work/ours.txt"
$bench duckdb "$file" >"$work/duck.txt"

ms() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
printf '%-22s %12s %12s %8s\n' read ours-ms duckdb-ms ratio
worst=0
for key in $(awk '$1 ~ /^rows@/ { print $1 }' "$work/ours.txt"); do
  o=$(ms "$key" "$work/ours.txt"); d=$(ms "$key" "$work/duck.txt")
  r=$(echo "$o / $d" | bc -l)
  worst=$(echo "if ($r > $worst) $r else $worst" | bc -l)
  printf '%-22s %12.1f %12.1f %8.2f\n' "$key" "$o" "$d" "$r"
done
o=$(ms statistics "$work/ours.txt"); d=$(ms statistics "$work/duck.txt")
printf '%-22s %12.0f %12.0f %8.2f\n' statistics "$o" "$d" "$(echo "$o / $d" | bc -l)"
printf 'worst page ratio: %.2f (target <= 1.5); statistics ratio: %.2f (target <= 3)\n' "$worst" "$(echo "$o / $d" | bc -l)"
printf 'peak RSS of the process reading pages and computing statistics: %d MB (target < 400)\n' "$(( $(awk '{ print $2 }' "$work/ours.rss") / 1024 ))"
