# Sourced by the mirror benchmarks (from the repository root): makes $work (readable by nginx's workers) and, on exit, stops
# nginx (when one was started there) and the mirror ($hub_pid) and removes $work.
work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
  kill "$(cat "$work/nginx.pid" 2>/dev/null)" 2>/dev/null || true
  [ -n "${hub_pid:-}" ] && kill "$hub_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
