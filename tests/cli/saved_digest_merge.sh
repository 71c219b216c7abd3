#!/usr/bin/env bash
# Saved digests merge exactly: digesting two logs together, and merging the digests saved from each,
# give the same classes, totals and samples (with the sample's own log named, not the .sdx file).
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
log="$SRC/fixtures/slowlogs/mariadb-10.11-shop.log"
# Two halves of the real log, cut at an event start (a # User@Host: line after line 800).
cut=$(awk 'NR > 800 && /^# User@Host:/ { print NR; exit }' "$log")
head -n $((cut - 1)) "$log" >"$tmp/part1.log"
tail -n +"$cut" "$log" >"$tmp/part2.log"
cd "$tmp"
"$SLOWDEX" digest --no-progress --save a.sdx part1.log >/dev/null || { echo "FAIL: save a"; exit 1; }
"$SLOWDEX" digest --no-progress --save b.sdx part2.log >/dev/null || { echo "FAIL: save b"; exit 1; }
head -c 18 a.sdx | grep -q '^{"slowdex_digest":' || { echo "FAIL: saved digest header"; exit 1; }
"$SLOWDEX" digest --format json --limit 100% part1.log part2.log >direct.json 2>/dev/null
"$SLOWDEX" digest --format json --limit 100% a.sdx b.sdx >merged.json 2>/dev/null
"$SLOWDEX" digest --format json --limit 100% b.sdx part1.log >mixed.json 2>/dev/null
python3 - <<'PY' || exit 1
import json, sys
d, m, x = (json.load(open(f)) for f in ("direct.json", "merged.json", "mixed.json"))
ok = True
for name, other in (("merged", m), ("mixed", x)):
    if d["classes"] != other["classes"]:
        ok = False
        for a, b in zip(d["classes"], other["classes"]):
            if a != b:
                print("FAIL: %s differs: %s" % (name, {k: (a[k], b.get(k)) for k in a if a[k] != b.get(k)}))
                break
    for k in ("count", "unique", "metrics", "ts_min", "ts_max"):
        if d["global"][k] != other["global"][k]:
            ok = False
            print("FAIL: %s global %s: %s vs %s" % (name, k, d["global"][k], other["global"][k]))
files = {c["sample"]["file"] for c in m["classes"]}
if files != {"part1.log", "part2.log"}:
    ok = False
    print("FAIL: samples name %s, want the logs they came from" % sorted(files))
print("saved digests merge exactly" if ok else "saved digests differ")
sys.exit(0 if ok else 1)
PY
