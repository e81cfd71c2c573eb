#!/usr/bin/env bash
# One huge commit (issue 11): LINES inline files (default 100,000, each 20 bytes) in one NDJSON commit to acme/big, while
# another process reads a file and the info of another repository as fast as it can. Prints the commit's time (target:
# within a minute on 2 cores), and how many of the reads failed and their slowest answer (target: none fail).
set -euo pipefail
cd "$(dirname "$0")/.."
LINES=${LINES:-100000}
HUB_PORT=${HUB_PORT:-18094}
source bench/work-lib.sh
source bench/mirror-lib.sh

# The other repository the reader reads while the commit runs.
curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name":"other","organization":"acme","type":"model"}' "$base/api/repos/create" >/dev/null
printf '%s\n%s\n' '{"key":"header","value":{"summary":"one file"}}' \
  "{\"key\":\"file\",\"value\":{\"path\":\"a.txt\",\"content\":\"$(printf 'hello' | base64)\",\"encoding\":\"base64\"}}" \
  | curl -sf -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary @- "$base/api/models/acme/other/commit/main" >/dev/null

python3 - "$LINES" >"$work/commit.ndjson" <<'PY'
import base64, json, sys
lines = int(sys.argv[1])
print(json.dumps({"key": "header", "value": {"summary": f"{lines} files"}}))
for i in range(lines):
    content = base64.b64encode(f"content of file {i:06d}".encode()).decode()
    print(json.dumps({"key": "file", "value": {"path": f"d{i // 1000:03d}/f{i:06d}.txt", "content": content, "encoding": "base64"}}))
PY

python3 - "$base" "$work/reads.json" <<'PY' &
import json, sys, time, urllib.request, urllib.error
base, out = sys.argv[1], sys.argv[2]
failed, slowest, count, deadline = 0, 0.0, 0, time.time() + 600
stop_file = out + ".stop"
import os
while not os.path.exists(stop_file) and time.time() < deadline:
    for path in ("/acme/other/resolve/main/a.txt", "/api/models/acme/other"):
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(base + path, timeout=60) as r:
                r.read()
        except (urllib.error.URLError, TimeoutError):
            failed += 1
        slowest = max(slowest, time.perf_counter() - start)
        count += 1
    time.sleep(0.01)
json.dump({"reads": count, "failed": failed, "slowest": slowest}, open(out, "w"))
PY
reader=$!
sleep 1
start=$(date +%s.%N)
status=$(curl -s -o "$work/answer.json" -w '%{http_code}' -H "$auth" -H 'Content-Type: application/x-ndjson' \
  --data-binary @"$work/commit.ndjson" "$base/api/models/acme/big/commit/main")
end=$(date +%s.%N)
touch "$work/reads.json.stop"; wait "$reader"
[ "$status" = 200 ] || { echo "big-commit.sh: the commit answered $status: $(cat "$work/answer.json")" >&2; exit 1; }
python3 - "$LINES" "$(echo "$end - $start" | bc -l)" "$work/reads.json" <<'PY'
import json, sys
lines, seconds, reads = int(sys.argv[1]), float(sys.argv[2]), json.load(open(sys.argv[3]))
print(f"one commit of {lines} inline files: {seconds:.1f} s (target < 60 s), {lines / seconds:.0f} lines/s")
print(f"reads of another repository meanwhile: {reads['reads']}, {reads['failed']} failed (target 0), slowest {reads['slowest'] * 1000:.0f} ms")
PY
