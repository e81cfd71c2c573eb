# Sourced by the mirror benchmarks (run from the repository root, with $work and $HUB_PORT set): builds `hub`, makes a write
# token for user bench in org acme, starts `hub serve` over $work/data on 127.0.0.1:$HUB_PORT, waits for it, and creates the
# model repository acme/big. Sets hub, token, hub_pid, base and auth.
dotnet build src/HubPlatform.Cli -c Release -nologo -v q >/dev/null
hub="dotnet src/HubPlatform.Cli/bin/Release/net10.0/hub.dll"
token=$($hub token create bench --role write --user bench --org acme --data "$work/data" | tail -1)
# The per-address rate limit (30,000 requests per 5 minutes) would answer load tests with fast 429s: lifted for benchmarks.
Mirror__RateLimitPermits=${RATE_LIMIT_PERMITS:-1000000000} $hub serve --data "$work/data" --urls "http://127.0.0.1:$HUB_PORT" >"$work/serve.log" 2>&1 &
hub_pid=$!
base="http://127.0.0.1:$HUB_PORT"
auth="Authorization: Bearer $token"
for _ in $(seq 100); do curl -sf "$base/api/models" >/dev/null && break; sleep 0.2; done
curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name":"big","organization":"acme","type":"model"}' "$base/api/repos/create" >/dev/null

# The signed basic-transfer PUT URL the LFS batch API gives for an object: signed_upload_href SHA256 SIZE
signed_upload_href() {
  curl -sf -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"operation\":\"upload\",\"transfers\":[\"basic\"],\"objects\":[{\"oid\":\"$1\",\"size\":$2}]}" \
    "$base/acme/big.git/info/lfs/objects/batch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["objects"][0]["actions"]["upload"]["href"])'
}
