#!/usr/bin/env bash
# Model validation benchmark (issue 13). For every ONNX model of the corpus ($HUBPLATFORM_CORPUS, else ../shared/fixtures):
# the wall time of `hub validate FILE --json` (its `hub-probe` child reading the protobuf, then ONNX Runtime loading and
# running the model once) against the wall time of a bare ONNX Runtime session creation of the same model
# (bench/HubPlatform.Bench.Validate: a process that creates one InferenceSession and exits), both as whole processes,
# median of RUNS (default 9) taken in turns, in the same run. Then every model folder is uploaded to a running `hub serve` and validated by
# its worker; the script prints how long that took and the peak RSS of the server (the worker runs in it; each model's
# probe runs in a child of its own, whose peak is printed too).
# Both programs are published as a deployment would (ReadyToRun, framework-dependent; hub-probe with Native AOT): a plain
# build JIT-compiles the CLI on every start, and each model's probe is a process start. hub serve below runs from the plain
# Release build.
# Target: hub validate at most 2x the bare session.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
HUB_PORT=${HUB_PORT:-18097}
corpus=${HUBPLATFORM_CORPUS:-../shared/fixtures}
[ -d "$corpus/onnx" ] || { echo "no corpus at $corpus (set HUBPLATFORM_CORPUS)" >&2; exit 2; }
source bench/work-lib.sh
publish() { dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$2" -nologo -v q >/dev/null; }
publish src/HubPlatform.Cli "$work/hub-r2r"
# The probe's child program as a deployment builds it: Native AOT, in place of the launcher the CLI's publish put there.
dotnet publish src/HubPlatform.Validation.Onnx -c Release -r linux-x64 -p:PublishAot=true -o "$work/hub-r2r" -nologo -v q >/dev/null
publish bench/HubPlatform.Bench.Validate "$work/bare-r2r"
validate="$work/hub-r2r/hub validate"
bare="$work/bare-r2r/HubPlatform.Bench.Validate"
source bench/mirror-lib.sh

# The median wall times of RUNS runs of two commands, in milliseconds, run in turns (one of each, RUNS times) so that a slow
# spell of the machine falls on both alike. Exit codes are ignored: a model that does not load takes its time too.
medians_ms() {
  local split=$1
  shift
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "${@:1:$split}" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "a $(((end - start) / 1000000))"
    start=$(date +%s%N)
    "${@:$((split + 1))}" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    echo "b $(((end - start) / 1000000))"
  done >"$work/times.txt"
  for side in a b; do
    awk -v s="$side" '$1 == s { print $2 }' "$work/times.txt" | sort -n | awk '{ t[NR] = $1 } END { printf "%d ", t[int((NR + 1) / 2)] }'
  done
}

printf '%-58s %9s %9s %7s %10s %s\n' model hub-ms bare-ms ratio peak-MB result
worst=0
models=$(find "$corpus/onnx" -name '*.onnx' -not -path '*/malformed/*' | sort)
# The corpus models are small (the largest is 4.7 MB), so process starts dominate them; one synthetic model whose 256 MiB of
# weights take longer to load than a process takes to start shows the cost at a size models have.
mkdir -p "$work/onnx/synthetic-256mib"
$bare large "$work/onnx/synthetic-256mib/model.onnx" 8192
for model in $models "$work/onnx/synthetic-256mib/model.onnx"; do
  read -r ours theirs <<<"$(medians_ms 4 $validate "$model" --json $bare "$model")"
  # One more run under GNU time: the peak resident size of hub validate or of its probe child, whichever is larger.
  /usr/bin/time -o "$work/time.txt" -f '%M' $validate "$model" --json >"$work/one.json" 2>/dev/null || true
  child_kb=$(tail -1 "$work/time.txt")
  result=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))[0]; t=m.get("task") or {}; print(("failed: " + m["errors"][0][:40]) if m["errors"] else "%s%s" % (t.get("name","-"), " (verified)" if t.get("verified") else ""))' "$work/one.json")
  ratio=$(echo "scale=2; $ours / $theirs" | bc -l)
  worst=$(echo "if ($ratio > $worst) $ratio else $worst" | bc -l)
  name=${model#"$corpus/onnx/"}
  printf '%-58s %9d %9d %7.2f %10d %s\n' "${name#"$work/onnx/"}" "$ours" "$theirs" "$ratio" "$((${child_kb:-0} / 1024))" "$result"
done
printf 'worst ratio %.2f (target <= 2)\n' "$worst"

# Every model folder of the corpus as a repository of the mirror, validated by its worker.
start=$(date +%s%N)
count=0
for folder in $(for m in $models; do dirname "$m"; done | sort -u); do
  name=$(basename "$folder")
  curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"$name\",\"organization\":\"acme\",\"type\":\"model\"}" "$base/api/repos/create" >/dev/null
  HF_ENDPOINT=$base HF_TOKEN=$token HF_HOME="$work/hf" $hub upload "acme/$name" "$folder" --quiet >/dev/null
  count=$((count + 1))
done
for folder in $(for m in $models; do dirname "$m"; done | sort -u); do
  name=$(basename "$folder")
  until curl -sf -H "$auth" "$base/api/models/acme/$name/validation" | grep -q '"status":"done"'; do sleep 0.2; done
done
elapsed=$((($(date +%s%N) - start) / 1000000))
rss_mb=$(($(awk '/VmHWM/ { print $2 }' "/proc/$hub_pid/status") / 1024))
printf 'mirror: %d repositories uploaded and validated in %d ms; hub serve peak RSS %d MB\n' "$count" "$elapsed" "$rss_mb"
