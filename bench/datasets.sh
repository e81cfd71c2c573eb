#!/usr/bin/env bash
# Dataset viewer benchmark (issue 12), against a running mirror: a ROWS-row Parquet file (default 10,000,000: an int64 id, a
# float64 score with some nulls, a 5-class string label, a short text) is uploaded to `hub serve` through LFS and committed;
# the script times the commit until /statistics answers (the worker indexes the file and computes the split's statistics),
# then /rows of 100 rows at offsets 0, ROWS/2 and ROWS-100 over HTTP (median of RUNS warm requests, default 20, which the
# mirror answers from its cache of decoded row groups; the first, cold request of each is printed too). DuckDB
# (through DuckDB.NET, in bench/ only, one thread) reads the same pages in-process and computes the same statistics from
# the same file, in the same run.
# Targets: /rows <= 1.5x DuckDB, statistics ready within 3x DuckDB's compute time, hub serve's peak RSS under 400 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000000}
RUNS=${RUNS:-20}
HUB_PORT=${HUB_PORT:-18096}
source bench/work-lib.sh
dotnet build bench/HubPlatform.Bench.Datasets -c Release -nologo -v q >/dev/null
bench="dotnet bench/HubPlatform.Bench.Datasets/bin/Release/net10.0/HubPlatform.Bench.Datasets.dll"
file="$work/data.parquet"
$bench write "$file" "$ROWS"
sha=$(sha256sum "$file" | cut -d' ' -f1)
size=$(stat -c %s "$file")
printf 'file: %d rows, %d MB\n' "$ROWS" "$((size / 1000000))"

source bench/mirror-lib.sh
curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name":"data","organization":"acme","type":"dataset"}' "$base/api/repos/create" >/dev/null
href=$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"$sha\",\"size\":$size}]}" \
  "$base/datasets/acme/data.git/info/lfs/objects/batch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["objects"][0]["actions"]["upload"]["href"])')
curl -sf -T "$file" "$href" >/dev/null

# From the commit until /statistics answers: the index job, then the statistics job, in the server's own worker.
start=$(date +%s.%N)
printf '%s\n' '{"key":"header","value":{"summary":"data"}}' \
  "{\"key\":\"lfsFile\",\"value\":{\"path\":\"data/train-00000-of-00001.parquet\",\"algo\":\"sha256\",\"size\":$size,\"oid\":\"$sha\"}}" \
  | curl -sf -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary @- "$base/api/datasets/acme/data/commit/main" >/dev/null
viewer="$base/datasets-server"
until curl -sf -o "$work/statistics.json" -H "$auth" "$viewer/statistics?dataset=acme/data&config=default&split=train"; do sleep 0.05; done
stats_ms=$(echo "($(date +%s.%N) - $start) * 1000" | bc -l)
# The search index is the worker's last job for the commit: pages are timed once the server is idle again.
until curl -sf -o /dev/null -H "$auth" "$viewer/search?dataset=acme/data&config=default&split=train&query=review&length=1"; do sleep 0.2; done

# "MEDIAN FIRST": the median of RUNS timed GETs after two warm-up ones, and the first (cold) one, in milliseconds; any
# failed answer stops the script.
median_ms() {
  local url=$1 first
  first=$(curl -sf -o /dev/null -H "$auth" -w '%{time_total}' "$url")
  curl -sf -o /dev/null -H "$auth" "$url"
  for _ in $(seq "$RUNS"); do curl -sf -o /dev/null -H "$auth" -w '%{time_total}\n' "$url"; done \
    | sort -n | awk -v first="$first" '{ t[NR] = $1 } END { print t[int(NR / 2) + 1] * 1000, first * 1000 }'
}
: >"$work/ours.txt"
for offset in 0 $((ROWS / 2)) $((ROWS - 100)); do
  echo "rows@$offset $(median_ms "$viewer/rows?dataset=acme/data&config=default&split=train&offset=$offset&length=100")" >>"$work/ours.txt"
done
rss_mb=$(( $(awk '/VmHWM/ { print $2 }' "/proc/$hub_pid/status") / 1024 ))
$bench duckdb "$file" "$RUNS" >"$work/duck.txt"

ms() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }
printf '%-22s %12s %12s %8s %14s\n' measure hub-ms duckdb-ms ratio hub-cold-ms
worst=0
for key in $(awk '{ print $1 }' "$work/ours.txt"); do
  o=$(ms "$key" "$work/ours.txt"); d=$(ms "$key" "$work/duck.txt")
  cold=$(awk -v k="$key" '$1 == k { print $3 }' "$work/ours.txt")
  r=$(echo "$o / $d" | bc -l)
  worst=$(echo "if ($r > $worst) $r else $worst" | bc -l)
  printf '%-22s %12.1f %12.1f %8.2f %14.1f\n' "$key" "$o" "$d" "$r" "$cold"
done
d=$(ms statistics "$work/duck.txt")
ratio=$(echo "$stats_ms / $d" | bc -l)
printf '%-22s %12.0f %12.0f %8.2f\n' statistics "$stats_ms" "$d" "$ratio"
printf 'worst /rows ratio: %.2f (target <= 1.5); commit to /statistics vs DuckDB computing them: %.2f (target <= 3)\n' "$worst" "$ratio"
printf 'hub serve peak RSS (upload, indexing, statistics and the pages): %d MB (target < 400)\n' "$rss_mb"
