#!/usr/bin/env bash
# Upload benchmark (issue 5): `hub upload` of a 2 GiB file to `hub serve` on loopback (hashing, LFS batch, multipart parts,
# commit) against `curl -T` of a file of the same size to the mirror's plain signed PUT URL (basic transfer), in one script.
# The two alternate for ROUNDS rounds, each with fresh random files (so nothing is already stored and neither profits from
# the other's cache); the medians are compared, since a single fsync-bound run on a shared disk varies by a second or more.
# Prints the times, the ratio of medians (target at most 1.3x) and the client's peak RSS (target under 150 MB).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${SIZE_MB:-2048}
ROUNDS=${ROUNDS:-3}
HUB_PORT=${HUB_PORT:-18093}
source bench/work-lib.sh
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

source bench/mirror-lib.sh

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
curl_times=(); hub_times=(); rss_max=0
for round in $(seq "$ROUNDS"); do
  head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$work/a.bin"
  head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$work/b.bin"
  size=$(stat -c %s "$work/a.bin")
  sha=$(sha256sum "$work/a.bin" | cut -d' ' -f1)
  sync

  href=$(signed_upload_href "$sha" "$size")
  curl_times+=("$(curl -sf -T "$work/a.bin" -w '%{time_total}' -o /dev/null "$href")")
  sync

  HF_ENDPOINT="$base" HF_TOKEN="$token" HF_HOME="$work/hf" /usr/bin/time -f '%e %M' -o "$work/time.txt" \
    $hub upload acme/big "$work/b.bin" "weights-$round.bin" -q >/dev/null
  read -r hub_s rss_kb < "$work/time.txt"
  hub_times+=("$hub_s")
  [ "$rss_kb" -gt "$rss_max" ] && rss_max=$rss_kb
  sync
  printf 'round %d: curl -T %6.2f s   hub upload %6.2f s\n' "$round" "${curl_times[-1]}" "$hub_s"
done

curl_m=$(printf '%s\n' "${curl_times[@]}" | median)
hub_m=$(printf '%s\n' "${hub_times[@]}" | median)
printf 'file: %d MiB on loopback, %d rounds\n' "$SIZE_MB" "$ROUNDS"
printf 'median curl -T to the signed PUT URL: %6.2f s\n' "$curl_m"
printf 'median hub upload (hash, batch, parts, commit): %6.2f s   ratio %.2f (target <= 1.3)\n' "$hub_m" "$(echo "$hub_m / $curl_m" | bc -l)"
printf 'hub upload client peak RSS: %.0f MB (target < 150 MB)\n' "$(echo "$rss_max / 1000" | bc -l)"
