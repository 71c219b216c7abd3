#!/usr/bin/env bash
# N+1 patterns survive --save: the report of a saved digest shows the same N+1 findings and nplus1
# object as the run that saved it (slow and general log of the N+1 workload, text and JSON); the
# digests of two halves merge to what digesting the two halves gives (runs add, lengths merge,
# connections of the two inputs kept apart), mixed with a log too; a corrupt or truncated pattern
# line is refused with file:line and exit 2. --redact redacts reports, not the saved digest (as the
# classes' samples, docs/saved-digest.md): its report with --redact redacts the loaded examples.
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
wl="$SRC/fixtures/workloads"
cp "$wl/mariadb-10.11-nplus1.slow.log" "$tmp/slow.log"
cp "$wl/mariadb-10.11-nplus1.general.log" "$tmp/general.log"
cd "$tmp"
fail=0
for log in slow.log general.log; do
    for fmt in text json; do
        # A saved digest keeps neither the server's banner (the target) nor that a log was a general
        # log (ranked by count): both are given.
        opts=(--no-progress -j2 --format $fmt --target mariadb:10.11 --order-by Query_time:cnt)
        "$SLOWDEX" digest "${opts[@]}" --save "$log.sdx" "$log" >direct.out 2>/dev/null ||
            { echo "FAIL: digest $log"; exit 1; }
        "$SLOWDEX" digest "${opts[@]}" "$log.sdx" >loaded.out 2>/dev/null ||
            { echo "FAIL: digest $log.sdx"; cat loaded.out; exit 1; }
        # The inputs are named in the header (text) and "files" (JSON); everything else is equal.
        # A general log's saved digest does not rank its classes as the log does (a limitation of
        # saved digests, not of N+1): of it, the N+1 findings and the nplus1 object are compared.
        if [ $log = general.log ]; then
            sel() { awk '/^# The log:/ { on = 1 } on && /^$/ { exit } on' "$1"; python3 -c 'import json,sys
try: print(json.dumps(json.load(open(sys.argv[1]))["nplus1"], sort_keys=True))
except ValueError: pass' "$1"; }
        else
            sel() { grep -v '^# Files:' "$1" | sed 's/"files":\[[^]]*\]//'; }
        fi
        if ! diff <(sel direct.out) <(sel loaded.out) >d.out; then
            echo "FAIL: $log $fmt: the saved digest's report differs"; head -20 d.out; fail=1
        fi
        np=$(grep -c 'NP1.LOOP' loaded.out)
        [ "$np" -gt 0 ] || { echo "FAIL: $log $fmt: no NP1.LOOP finding from the saved digest"; fail=1; }
    done
done

# Two halves of the slow log, cut at an event start.
cut=$(awk -v n="$(wc -l <slow.log)" 'NR > n / 2 && /^# Time:/ { print NR; exit }' slow.log)
head -n $((cut - 1)) slow.log >part1.log
tail -n +"$cut" slow.log >part2.log
"$SLOWDEX" digest --no-progress --save a.sdx part1.log >/dev/null 2>&1 || { echo "FAIL: save a"; exit 1; }
"$SLOWDEX" digest --no-progress --save b.sdx part2.log >/dev/null 2>&1 || { echo "FAIL: save b"; exit 1; }
"$SLOWDEX" digest --no-progress --format json part1.log part2.log >direct.json 2>/dev/null
"$SLOWDEX" digest --no-progress --format json a.sdx b.sdx >merged.json 2>/dev/null
"$SLOWDEX" digest --no-progress --format json a.sdx part2.log >mixed.json 2>/dev/null
"$SLOWDEX" digest --no-progress --format json slow.log >whole.json 2>/dev/null
python3 - <<'PY' || fail=1
import json, sys
dd, m, x, w = (json.load(open(f))["nplus1"] for f in ("direct.json", "merged.json", "mixed.json", "whole.json"))
ok = True
def key(p):
    return (p["kind"], p["parent"] and p["parent"]["query_id"], tuple(c["query_id"] for c in p["children"]))
def pats(n):
    return {key(p): p for p in n["patterns"]}
# A run's restarts count the banners its parser saw before it: part2.log read after part1.log in one
# run is after its banner, read alone it is not. Not a property of saved digests: left out.
# A digest mixed with a log: its files come after the log's in the loading table, so "the earliest"
# runs and examples are taken in that order: kept runs compared as sets, examples left out.
def norm(n, mixed):
    n = json.loads(json.dumps(n))
    for p in n["patterns"]:
        for r in p["kept_runs"]:
            r.pop("restarts")
        if mixed:
            p["kept_runs"].sort(key=lambda r: (r["file"], r["first_line"]))
            p.pop("examples")
    if mixed:  # patterns come in the order of their earliest run
        n["patterns"].sort(key=lambda p: str(key(p)))
    return n
for name, o in (("merged", m), ("mixed", x)):
    d, o = norm(dd, name == "mixed"), norm(o, name == "mixed")
    if o != d:
        ok = False
        for k in d:
            if d[k] != o.get(k) and k != "patterns":
                print("FAIL: %s: %s %s vs %s" % (name, k, d[k], o.get(k)))
        for k, p in pats(d).items():
            q = pats(o).get(k)
            diff = {f: (p[f], q and q.get(f)) for f in p if not q or p[f] != q.get(f)}
            if diff:
                print("FAIL: %s: pattern %s: %s" % (name, k, str(diff)[:300]))
# The whole log against its halves: the same runs, lengths, statements and times, as no run
# crosses the cut; connections differ (the halves are two inputs).
pw, pm = pats(w), pats(m)
if set(pw) != set(pm):
    ok = False
    print("FAIL: whole vs halves: patterns %s vs %s" % (sorted(map(str, pw)), sorted(map(str, pm))))
for k in pw:
    for f in ("runs", "statements", "length_min", "length_median", "length_max", "time_us",
              "timed_statements", "ts_first_us", "ts_last_us"):
        if k in pm and pw[k][f] != pm[k][f]:
            ok = False
            print("FAIL: whole vs halves: %s %s: %s vs %s" % (k, f, pw[k][f], pm[k][f]))
for f in ("events", "events_with_connection", "events_timed", "query_time_min_us"):
    if w[f] != m[f]:
        ok = False
        print("FAIL: whole vs halves: %s %s vs %s" % (f, w[f], m[f]))
if not m["patterns"]:
    ok = False
    print("FAIL: no patterns in the merged digests")
print("N+1 patterns of saved digests merge exactly" if ok else "N+1 patterns of saved digests differ")
sys.exit(0 if ok else 1)
PY

# A pattern line cut short, and one with a wrong count, are refused with file:line (exit 2).
lines=$(wc -l <a.sdx)
head -c $(($(wc -c <a.sdx) - 40)) a.sdx >cut.sdx
"$SLOWDEX" digest --no-progress cut.sdx >/dev/null 2>err.out; rc=$?
msg=$(cat err.out)
[ $rc -eq 2 ] && [[ "$msg" == *"cut.sdx:$lines: truncated"* ]] ||
    { echo "FAIL: truncated pattern line: rc=$rc $msg"; fail=1; }
sed "${lines}s/\"runs\":[0-9]*/\"runs\":0/" a.sdx >bad.sdx
"$SLOWDEX" digest --no-progress bad.sdx >/dev/null 2>err.out; rc=$?
msg=$(cat err.out)
[ $rc -eq 2 ] && [[ "$msg" == *"bad.sdx:$lines: an N+1 pattern's counts"* ]] ||
    { echo "FAIL: corrupt pattern line: rc=$rc $msg"; fail=1; }

# --redact with --save: the saved digest is the one saved without --redact (full statements, as the
# classes' samples), and the report of it with --redact has the same nplus1 object as the direct
# redacted report, with no literal left in the examples.
"$SLOWDEX" digest --no-progress -j1 --save plain.sdx slow.log >/dev/null 2>&1 || { echo "FAIL: save plain"; exit 1; }
"$SLOWDEX" digest --no-progress -j1 --redact --format json --save red.sdx slow.log >red-direct.json 2>/dev/null ||
    { echo "FAIL: save redacted"; exit 1; }
cmp -s plain.sdx red.sdx || { echo "FAIL: --redact changed the saved digest"; fail=1; }
"$SLOWDEX" digest --no-progress --redact --format json red.sdx >red-loaded.json 2>/dev/null ||
    { echo "FAIL: digest red.sdx"; exit 1; }
python3 - <<'PY' || fail=1
import json, re, sys
d, l = (json.load(open(f))["nplus1"] for f in ("red-direct.json", "red-loaded.json"))
ex = [e for p in l["patterns"] for e in p["examples"]]
bad = [t for t in ex if re.search(r"= *[0-9']", t)]
if d != l or not ex or bad:
    print("FAIL: --redact of a saved digest: same=%s examples=%d with literals=%s" % (d == l, len(ex), bad[:2]))
    sys.exit(1)
PY
exit $fail
