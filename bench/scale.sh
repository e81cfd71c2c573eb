#!/usr/bin/env bash
# Scale benchmark (issue 10): a repository of FILES small files (committed FILES_PER_COMMIT at a time), then COMMITS
# commits of one changed file. Prints the latency of the 1st, 100th and last one-file commit against one-file commits to
# a 3-file repository, the database growth per one-file commit, resolve requests/s for one file of the big repository
# against the small one (wrk, 8 connections), and the time of a full recursive tree listing.
# Targets: one-file commit < 50 ms and within 2x the 3-file repository; growth < 20 KB per commit; resolve >= 0.9x the
# small repository; the full listing of 100,000 entries < 3 s. Each repository also holds a model file, so every commit's
# model-validation job runs; their times from commit to result are printed for both repositories (a one-file commit's job
# should cost what it changed, not what the repository holds). Needs wrk and curl (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
FILES=${FILES:-100000}
FILES_PER_COMMIT=${FILES_PER_COMMIT:-5000}
COMMITS=${COMMITS:-200}
HUB_PORT=${HUB_PORT:-18093}
source bench/work-lib.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

source bench/mirror-lib.sh
client() { python3 bench/scale_client.py "$base" "$token" "$@"; }
db="$work/data/hub.db"

for repo in scale small; do
  curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"$repo\",\"organization\":\"acme\",\"type\":\"model\"}" "$base/api/repos/create" >/dev/null
done
echo "filling acme/scale with $FILES files, $FILES_PER_COMMIT per commit..."
fill_start=$(date +%s.%N)
client fill acme/scale "$FILES" "$FILES_PER_COMMIT"
fill_end=$(date +%s.%N)
client fill acme/small 3 3 2>/dev/null

for repo in scale small; do client put "acme/$repo" model.onnx "not a protobuf"; done
big=$(client one-file-commits acme/scale "$FILES" "$FILES_PER_COMMIT" "$COMMITS" "$db")
small=$(client one-file-commits acme/small 3 3 "$COMMITS" "$db")
listing=$(client list acme/scale)
for _ in $(seq 300); do [ "$(curl -sf -H "$auth" "$base/api/models/acme/scale/validation" | grep -c '"status":"done"')" = 1 ] && break; sleep 0.2; done
big_jobs=$(client validation-jobs "$db" acme/scale "$COMMITS")
small_jobs=$(client validation-jobs "$db" acme/small "$COMMITS")

# Requests/s of a URL with 8 connections; any answer that is not 2xx makes the figure worthless, so it stops the script.
wrk_rps() {
  local out; out=$(wrk -t2 -c8 -d"${WRK_SECONDS:-10}"s "$1")
  if grep -q "Non-2xx" <<<"$out"; then echo "scale.sh: non-2xx answers from $1:" >&2; echo "$out" >&2; exit 1; fi
  awk '/Requests\/sec/ {print $2}' <<<"$out"
}
# A file a third of the way in, named as scale_client.py's fill names it (data/part006/f033333.txt at the defaults).
probe=$((FILES / 3))
big_url="$base/acme/scale/resolve/main/$(printf 'data/part%03d/f%06d.txt' $((probe / FILES_PER_COMMIT)) "$probe")"
small_url="$base/acme/small/resolve/main/f1.txt"
wrk -t2 -c8 -d2s "$big_url" >/dev/null; wrk -t2 -c8 -d2s "$small_url" >/dev/null   # warm up
big_rps=$(wrk_rps "$big_url"); small_rps=$(wrk_rps "$small_url")

python3 - "$big" "$small" "$listing" "$big_rps" "$small_rps" "$FILES" "$COMMITS" "$(echo "$fill_end - $fill_start" | bc -l)" "$big_jobs" "$small_jobs" <<'PY'
import json, sys
big, small, listing = (json.loads(a) for a in sys.argv[1:4])
big_jobs, small_jobs = json.loads(sys.argv[9]), json.loads(sys.argv[10])
big_rps, small_rps, files, commits, fill = float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), float(sys.argv[8])
ms = lambda s: s * 1000
print(f"repository: {files} files in {fill:.0f} s; then {commits} one-file commits to it and to a 3-file repository")
print(f"one-file commit, {files}-file repo: 1st {ms(big['first']):.1f} ms, 100th {ms(big['hundredth']):.1f} ms, last {ms(big['last']):.1f} ms, median {ms(big['median']):.1f} ms (target < 50 ms)")
print(f"one-file commit, 3-file repo:      median {ms(small['median']):.1f} ms; ratio {big['median'] / small['median']:.2f} (target <= 2)")
print(f"database growth per one-file commit: {big['growth'] / 1000:.1f} KB (3-file repo: {small['growth'] / 1000:.1f} KB) (target < 20 KB)")
print(f"resolve, 8 connections: big repo {big_rps:.0f} req/s, 3-file repo {small_rps:.0f} req/s; ratio {big_rps / small_rps:.2f} (target >= 0.9)")
print(f"full recursive tree listing: {listing['entries']} entries in {listing['seconds']:.2f} s (target < 3 s)")
for name, jobs in (("big", big_jobs), ("3-file", small_jobs)):
    median = "-" if jobs["median"] is None else f"{jobs['median'] * 1000:.0f} ms"
    print(f"model-validation jobs, {name} repo: {jobs['jobs']} ran (the rest superseded by newer commits), commit to result median {median}; last: {jobs['last']}")
PY
