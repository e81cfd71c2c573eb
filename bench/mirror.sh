#!/usr/bin/env bash
# Mirror benchmark (issue 4): resolve of a 1 GiB LFS file from `hub serve` on loopback against nginx serving the same
# file, with one client and 16 at once (curl), and the server's peak RSS after a 1 GiB upload through the LFS API.
# Targets: at least 0.8x nginx's throughput, under 250 MB peak RSS. Needs nginx-light and curl (installed when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-1024}
CLIENTS=${CLIENTS:-16}
HUB_PORT=${HUB_PORT:-18091}
NGINX_PORT=${NGINX_PORT:-18092}
source bench/nginx-lib.sh

source bench/mirror-lib.sh

file="$work/www/big.bin"
mkdir -p "$work/www"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$file"
sha=$(sha256sum "$file" | cut -d' ' -f1)
size=$(stat -c %s "$file")
href=$(signed_upload_href "$sha" "$size")
upload=$(curl -sf -T "$file" -w '%{time_total}' -o /dev/null "$href")
rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$hub_pid/status")
printf '{"key":"header","value":{"summary":"big"}}\n{"key":"lfsFile","value":{"path":"big.bin","algo":"sha256","oid":"%s","size":%s}}\n' "$sha" "$size" \
  | curl -sf -H "$auth" -H 'Content-Type: application/x-ndjson' --data-binary @- "http://127.0.0.1:$HUB_PORT/api/models/acme/big/commit/main" >/dev/null

start_nginx "$work/www"

# Prints MB/s for N parallel downloads of the URL (total bytes / wall time).
throughput() {
  local url=$1 n=$2 start end
  start=$(date +%s.%N)
  seq "$n" | xargs -P "$n" -I{} curl -sf -o /dev/null "$url"
  end=$(date +%s.%N)
  echo "$size * $n / ($end - $start) / 1000000" | bc -l
}

hub_url="http://127.0.0.1:$HUB_PORT/acme/big/resolve/main/big.bin"
nginx_url="http://127.0.0.1:$NGINX_PORT/big.bin"
throughput "$hub_url" 1 >/dev/null   # warm up JIT and the page cache
h1=$(throughput "$hub_url" 1); n1=$(throughput "$nginx_url" 1)
hN=$(throughput "$hub_url" "$CLIENTS"); nN=$(throughput "$nginx_url" "$CLIENTS")
printf 'file: %d MiB LFS object on loopback\n' "$SIZE_MB"
printf '1 client:   hub serve %8.0f MB/s   nginx %8.0f MB/s   ratio %.2f (target >= 0.8)\n' "$h1" "$n1" "$(echo "$h1 / $n1" | bc -l)"
printf '%d clients: hub serve %8.0f MB/s   nginx %8.0f MB/s   ratio %.2f (target >= 0.8)\n' "$CLIENTS" "$hN" "$nN" "$(echo "$hN / $nN" | bc -l)"
printf 'upload of %d MiB through the LFS API: %.2f s; server peak RSS %.0f MB (target < 250 MB)\n' "$SIZE_MB" "$upload" "$(echo "$rss_kb / 1000" | bc -l)"
