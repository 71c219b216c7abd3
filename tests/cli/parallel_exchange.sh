#!/usr/bin/env bash
# Many classes across threads: past 1024 classes a thread hands the events of classes it does not
# own to their owner through the rings (src/digest/exchange.c). The report must be the single-thread
# one for 2, 3 and 4 threads and several chunk sizes (a synthetic log of 12,000 classes): every
# number, sample and class the same; of a string distribution that overflowed its 64 values (a hot
# class's hosts), the total and the "other" part may be cut differently (docs/design.md), so such a
# list is compared by its total only.
set -uo pipefail
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python3 "$SRC/bench/gen-synth.py" --events 40000 --classes 12000 --seed 7 -o "$tmp/many.log" ||
    { echo "FAIL: generator"; exit 1; }
"$SLOWDEX" digest --format json --limit 100% --threads 1 "$tmp/many.log" >"$tmp/one.json" 2>/dev/null ||
    { echo "FAIL: one thread"; exit 1; }
classes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["global"]["unique"])' "$tmp/one.json")
[ "$classes" -gt 4000 ] || { echo "FAIL: only $classes classes: the exchange is not exercised"; exit 1; }
for t in 2 3 4; do
  for cs in 300000 1000000 3000000; do
    SLOWDEX_DEBUG_CHUNKS=1 "$SLOWDEX" digest --format json --limit 100% --threads $t --chunk-size $cs \
      "$tmp/many.log" >"$tmp/par.json" 2>"$tmp/err" || { echo "FAIL: $t threads"; exit 1; }
    python3 - "$tmp/one.json" "$tmp/par.json" <<'PY' || { echo "FAIL: $t threads, chunks of $cs bytes: $(tail -1 "$tmp/err")"; exit 1; }
import json, sys
def normal(path):
    d = json.load(open(path))
    for c in d["classes"]:
        for name, values in c["strings"].items():
            if any("other" in v for v in values):  # overflowed: only the total is exact
                c["strings"][name] = sum(v.get("count", v.get("other", 0)) for v in values)
    return d
a, b = normal(sys.argv[1]), normal(sys.argv[2])
if a != b:
    for k in a:
        if a[k] != b[k]:
            print("differs in", k)
    sys.exit(1)
PY
  done
done
echo "$classes classes: 2, 3 and 4 threads give the single-thread report"
