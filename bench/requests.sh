#!/usr/bin/env bash
# Small-request benchmark (issue 10): wrk with 64 connections against `hub serve` and against nginx serving the same
# 8-byte file from disk, in one run on the same machine. Prints requests/s and p99 latency for `resolve` GET and HEAD of
# an 8-byte file, repo info, and `/api/models?author=`, each with its ratio to nginx's GET of the file.
# Targets: resolve GET and HEAD >= 0.3x nginx's requests/s, repo info and listings >= 0.2x, p99 < 20 ms.
# GETs are timed with wrk; HEADs with ApacheBench (`ab -i -k`), since wrk waits for a body after a HEAD and stalls.
# Needs wrk, ab (apache2-utils), nginx-light and curl (installed when missing). WRK_SECONDS (default 10) sets each run.
set -euo pipefail
cd "$(dirname "$0")/.."
HUB_PORT=${HUB_PORT:-18094}
NGINX_PORT=${NGINX_PORT:-18095}
SECONDS_EACH=${WRK_SECONDS:-10}
source bench/nginx-lib.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v ab >/dev/null || { apt-get update -qq && apt-get install -y -qq apache2-utils >/dev/null; }

source bench/mirror-lib.sh

# acme/small: three files, config.json of 8 bytes (what the fleet asks for first).
curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name":"small","organization":"acme","type":"model"}' "$base/api/repos/create" >/dev/null
printf '%s\n' '{"key":"header","value":{"summary":"three files"}}' \
  "{\"key\":\"file\",\"value\":{\"path\":\"config.json\",\"encoding\":\"base64\",\"content\":\"$(printf '{"a":1}\n' | base64 -w0)\"}}" \
  "{\"key\":\"file\",\"value\":{\"path\":\"README.md\",\"encoding\":\"base64\",\"content\":\"$(printf -- '---\nlicense: mit\n---\n# small\n' | base64 -w0)\"}}" \
  | curl -sf -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary @- "$base/api/models/acme/small/commit/main" >/dev/null

mkdir -p "$work/www"
printf '{"a":1}\n' > "$work/www/config.json"
start_nginx "$work/www"

# CPU seconds (user + system) the mirror has used so far.
hub_cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$hub_pid/stat"; }

# "RPS P99_MS CPU_US" of GETs of a URL (CPU_US: the mirror's CPU time per request, 0 for nginx); any answer that is not
# 2xx makes the figure worthless, so it stops the script.
measure() {
  local url=$1 out before after
  wrk -t2 -c64 -d2s "$url" >/dev/null   # warm up
  before=$(hub_cpu)
  out=$(wrk -t2 -c64 -d"${SECONDS_EACH}s" --latency "$url")
  after=$(hub_cpu)
  if grep -q "Non-2xx" <<<"$out"; then echo "requests.sh: non-2xx answers from $url:" >&2; echo "$out" >&2; exit 1; fi
  local rps p99 requests
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99 $(echo "($after - $before) * 1000000 / $requests" | bc -l)"
}

# The same for HEADs, through ab (keep-alive, 64 at once); ab prints whole milliseconds.
measure_head() {
  local url=$1 out before after
  ab -i -k -c64 -t2 -n 100000000 "$url" >/dev/null 2>&1   # warm up
  before=$(hub_cpu)
  out=$(ab -i -k -c64 -t"$SECONDS_EACH" -n 100000000 "$url" 2>&1)
  after=$(hub_cpu)
  if grep -qE "Non-2xx|^Failed requests: +[1-9]" <<<"$out"; then echo "requests.sh: failed answers from $url:" >&2; echo "$out" >&2; exit 1; fi
  local requests; requests=$(awk '/Complete requests/ {print $3}' <<<"$out")
  echo "$(awk '/Requests per second/ {print $4}' <<<"$out") $(awk '$1 == "99%" {print $2}' <<<"$out") $(echo "($after - $before) * 1000000 / $requests" | bc -l)"
}

nginx_get=$(measure "http://127.0.0.1:$NGINX_PORT/config.json")
nginx_head=$(measure_head "http://127.0.0.1:$NGINX_PORT/config.json")
resolve_get=$(measure "$base/acme/small/resolve/main/config.json")
resolve_head=$(measure_head "$base/acme/small/resolve/main/config.json")
info=$(measure "$base/api/models/acme/small")
listing=$(measure "$base/api/models?author=acme")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$hub_pid/status")

python3 - "$nginx_get" "$nginx_head" "$resolve_get" "$resolve_head" "$info" "$listing" "$rss_kb" <<'PY'
import sys
parse = lambda s: tuple(float(x) for x in s.split())
ng, nh, rg, rh, info, listing = (parse(a) for a in sys.argv[1:7])
print(f"GET: wrk -t2 -c64; HEAD: ab -i -k -c64; 2 cores shared by the load generator and the server; hub serve peak RSS {int(sys.argv[7]) / 1024:.0f} MB")
print(f"{'request':<34}{'req/s':>10}{'p99 ms':>9}{'CPU us/req':>12}{'vs nginx':>10}  target")
print(f"{'nginx GET config.json':<34}{ng[0]:>10.0f}{ng[1]:>9.2f}{'':>12}{'':>10}")
print(f"{'nginx HEAD config.json':<34}{nh[0]:>10.0f}{nh[1]:>9.2f}{'':>12}{'':>10}")
rows = [("resolve GET (8 bytes)", rg, ng[0], 0.3), ("resolve HEAD", rh, nh[0], 0.3),
        ("repo info /api/models/acme/small", info, ng[0], 0.2), ("listing /api/models?author=acme", listing, ng[0], 0.2)]
for name, (rps, p99, cpu), ref, target in rows:
    ratio = rps / ref
    met = "met" if ratio >= target and p99 < 20 else "NOT met"
    print(f"{name:<34}{rps:>10.0f}{p99:>9.2f}{cpu:>12.0f}{ratio:>9.2f}x  >= {target}x and p99 < 20 ms: {met}")
PY
