#!/usr/bin/env bash
# Regenerates iso-639-codes.txt (one code per line, sorted) from Debian's iso-codes package:
# ISO 639-1 (alpha_2), 639-2 terminology and bibliographic (alpha_3, bibliographic), 639-3 (alpha_3) and 639-5 (alpha_3).
set -euo pipefail
cd "$(dirname "$0")"
dir=/usr/share/iso-codes/json
[ -d "$dir" ] || { apt-get update -qq && apt-get install -y -qq iso-codes >/dev/null; }
python3 - "$dir" > iso-639-codes.txt <<'PY'
import json, sys
d = sys.argv[1]
codes = set()
for name, key in (("iso_639-2.json", "639-2"), ("iso_639-3.json", "639-3"), ("iso_639-5.json", "639-5")):
    for entry in json.load(open(f"{d}/{name}"))[key]:
        for field in ("alpha_2", "alpha_3", "bibliographic"):
            if entry.get(field):
                codes.add(entry[field].lower())
print("\n".join(sorted(codes)))
PY
