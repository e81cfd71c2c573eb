#!/usr/bin/env bash
# Web page benchmark (issue 14): a running `hub serve` holding REPOS model repositories (default 10,000, each created
# through the API, one in ten with a card), then the median time of RUNS GETs (default 50, after two warm-up ones) of the
# model list (first page, a search, a task filter, a later page) and of a model page with its card, measured with curl on
# loopback. Targets: the list under 150 ms and a model page under 50 ms (p50).
set -euo pipefail
cd "$(dirname "$0")/.."
REPOS=${REPOS:-10000}
RUNS=${RUNS:-50}
HUB_PORT=${HUB_PORT:-18098}
source bench/work-lib.sh
source bench/mirror-lib.sh

echo "creating $REPOS repositories..."
start=$(date +%s.%N)
python3 - "$base" "$token" "$REPOS" <<'PY'
import base64, json, sys, urllib.request
from concurrent.futures import ThreadPoolExecutor
base, token, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
tasks = ["text-classification", "fill-mask", "image-classification", "text-generation", "feature-extraction"]
def call(path, body, content_type="application/json"):
    request = urllib.request.Request(base + path, data=body, method="POST", headers={"Authorization": "Bearer " + token, "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
def make(i):
    call("/api/repos/create", json.dumps({"name": f"m-{i:05d}", "organization": "acme", "type": "model"}).encode())
    if i % 10 == 0:
        card = f"---\nlicense: mit\npipeline_tag: {tasks[i % len(tasks)]}\nlibrary_name: transformers\n---\n# m-{i:05d}\n\nA model.\n\n## Uses\n\nClassify.\n\n| metric | value |\n|---|---|\n| accuracy | 0.9 |\n"
        lines = [json.dumps({"key": "header", "value": {"summary": "card"}}),
                 json.dumps({"key": "file", "value": {"path": "README.md", "encoding": "base64", "content": base64.b64encode(card.encode()).decode()}})]
        call(f"/api/models/acme/m-{i:05d}/commit/main", "\n".join(lines).encode(), "application/x-ndjson")
with ThreadPoolExecutor(8) as pool:
    list(pool.map(make, range(count)))
PY
printf 'created in %.0f s\n' "$(echo "$(date +%s.%N) - $start" | bc -l)"

# "MEDIAN": the median of RUNS timed GETs after two warm-up ones, in milliseconds; a failed answer stops the script.
median_ms() {
  curl -sf -o /dev/null "$1"; curl -sf -o /dev/null "$1"
  for _ in $(seq "$RUNS"); do curl -sf -o /dev/null -w '%{time_total}\n' "$1"; done | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int(NR / 2) + 1] * 1000 }'
}
printf '%-44s %10s %8s\n' page p50-ms target
for page in "/models" "/models?search=m-0999" "/models?pipeline_tag=fill-mask" "/models?p=200" "/models?sort=lastModified&verified=no"; do
  printf '%-44s %10s %8s\n' "$page" "$(median_ms "$base$page")" "< 150"
done
for page in "/acme/m-05000" "/acme/m-05000/tree/main" "/acme/m-05000/audit"; do
  printf '%-44s %10s %8s\n' "$page" "$(median_ms "$base$page")" "< 50"
done
rss_mb=$(($(awk '/VmHWM/ { print $2 }' "/proc/$hub_pid/status") / 1024))
echo "hub serve peak RSS ${rss_mb} MB"
