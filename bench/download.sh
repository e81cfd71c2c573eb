#!/usr/bin/env bash
# Download benchmark (issue 2): HubClient against `curl -o` for the same 1 GiB file served by nginx on loopback.
# Prints the median of 3 runs each, the ratio of times, and the client's peak RSS.
# Targets: ratio <= 1.15, peak RSS < 150 MB. Needs nginx-light (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
PORT=${PORT:-18080}
work=$(mktemp -d)
trap 'kill $(cat "$work/nginx.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }

chmod 755 "$work"  # nginx workers do not run as the owner of the temporary folder
commit=0123456789abcdef0123456789abcdef01234567
mkdir -p "$work/www/acme/big/resolve/main" "$work/logs"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$work/www/acme/big/resolve/main/big.bin"
sha=$(sha256sum "$work/www/acme/big/resolve/main/big.bin" | cut -d' ' -f1)
size=$(stat -c %s "$work/www/acme/big/resolve/main/big.bin")

# Served like an LFS file of the Hub: sha256 ETag, X-Linked-*, X-Repo-Commit.
cat > "$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$PORT;
    root $work/www;
    etag off;
    location / {
      add_header ETag "\"$sha\"" always;
      add_header X-Linked-Etag "\"$sha\"" always;
      add_header X-Linked-Size "$size" always;
      add_header X-Repo-Commit "$commit" always;
    }
  }
}
CONF
nginx -c "$work/nginx.conf" -p "$work"
sleep 0.5

dotnet build bench/HubPlatform.Bench.Download -c Release -nologo -v q >/dev/null
bench_dll=bench/HubPlatform.Bench.Download/bin/Release/net10.0/HubPlatform.Bench.Download.dll
url="http://127.0.0.1:$PORT/acme/big/resolve/main/big.bin"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

curl_times=()
hub_times=()
hub_rss=()
for i in $(seq "$RUNS"); do
  rm -f "$work/curl.out"
  sync  # start every run with no dirty pages from the one before
  t=$(curl -sf -o "$work/curl.out" -w '%{time_total}' "$url")
  curl_times+=("$t")
  rm -rf "$work/cache"
  sync
  read -r secs rss bytes < <(dotnet "$bench_dll" "http://127.0.0.1:$PORT" acme/big big.bin "$work/cache")
  [ "$bytes" = "$size" ] || { echo "size mismatch: $bytes != $size" >&2; exit 1; }
  hub_times+=("$secs")
  hub_rss+=("$rss")
done

c=$(printf '%s\n' "${curl_times[@]}" | median)
h=$(printf '%s\n' "${hub_times[@]}" | median)
r=$(printf '%s\n' "${hub_rss[@]}" | sort -n | tail -1)
printf 'file: %d MiB over loopback (nginx), %d runs each, medians\n' "$SIZE_MB" "$RUNS"
printf 'curl -o:           %8.3f s\n' "$c"
printf 'HubClient:         %8.3f s  (includes HEAD, sha256 verification and the cache layout)\n' "$h"
printf 'ratio hub/curl:    %8.2f    (target <= 1.15)\n' "$(echo "$h / $c" | bc -l)"
printf 'HubClient peak RSS: %7.1f MB (target < 150 MB; whole process, runtime included)\n' "$(echo "$r / 1000000" | bc -l)"
