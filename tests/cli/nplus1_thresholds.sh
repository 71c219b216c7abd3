#!/usr/bin/env bash
# The N+1 detector's K and gap are the NP1 rules' thresholds in force (analyze/nplus1_opts.h):
# - NP1.LOOP min_length 3 in a configuration finds the workload's 3-iteration loop (authors from
#   'IT', then one books query each) that the default (5) does not, in the JSON report's patterns
#   and in the finding, on one thread and on four with small chunks (every worker's detector);
# - NP1.REPEAT's min_length lowers K too (the smaller of the two), and --no-rules keeps the default;
# - NP1.LOOP max_gap_ms under a loop's spacing (a generated MySQL 5.7 slow log whose children are
#   200 ms apart) loses it; the default 1000 and 2000 find it. (Not 250: a run spanning more than
#   gap + (n-1)·gap/10 is taken for a poller, docs/nplus1.md.)
set -euo pipefail
: "${SLOWDEX:?}" "${SRC:?}"
slow=$SRC/fixtures/workloads/mariadb-10.11-nplus1.slow.log
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

conf() { # FILE RULE NAME VALUE: a configuration setting one threshold
    printf '{"version": 1, "rules": {"%s": {"thresholds": {"%s": %s}}}}\n' "$2" "$3" "$4" >"$1"
}

runs() { # ARGS...: the N+1 runs of the JSON report, "kind first_line-last_line iterations" each
    "$SLOWDEX" digest --format json --limit 1 "$@" >"$tmp/out.json"
    python3 - "$tmp/out.json" <<'PY'
import json, sys
np = json.load(open(sys.argv[1]))["nplus1"]
for p in np["patterns"]:
    for r in p["kept_runs"]:
        print("%s %d-%d %d" % (p["kind"], r["first_line"], r["last_line"], r["iterations"]))
PY
}

expect() { # NAME EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then
        echo "ok: $1"
    else
        echo "FAIL: $1: expected [$2], got [$3]"
        fail=1
    fi
}

# The 3-iteration loop: its parent's statement line; its first child's event starts on the next.
short=$(grep -n "country = 'IT'" "$slow" | head -1 | cut -d: -f1)
[ -n "$short" ] || { echo "FAIL: the fixture has no short loop"; exit 1; }

default=$(runs --no-config "$slow" | sort)
conf "$tmp/loop3.json" NP1.LOOP min_length 3
loop3=$(runs --config "$tmp/loop3.json" "$slow" | sort)
loop3_par=$(runs --config "$tmp/loop3.json" --threads 4 --chunk-size 4096 "$slow" | sort)
conf "$tmp/rep3.json" NP1.REPEAT min_length 3
rep3=$(runs --config "$tmp/rep3.json" "$slow" | sort)
norules=$(runs --no-rules --config "$tmp/loop3.json" "$slow" | sort)

new=$(comm -13 <(printf '%s\n' "$default") <(printf '%s\n' "$loop3"))
expect "default misses the 3-iteration loop" "" "$(printf '%s\n' "$default" | grep " 3$" || true)"
# Iterations of 3 and 4 are new: the short loop, and the orders page's 4-line loop.
expect "min_length 3 adds the loops of 3 and 4" "2" "$(printf '%s\n' "$new" | grep -c .)"
expect "the 3-iteration loop starts at its first child" "loop $((short + 1))" \
    "$(printf '%s\n' "$new" | awk '$3 == 3 {split($2, a, "-"); print $1, a[1]}')"
expect "min_length 3 on 4 threads, 4 KB chunks = one thread" "$loop3" "$loop3_par"
expect "NP1.REPEAT min_length 3 lowers K too" "$loop3" "$rep3"
expect "--no-rules keeps K = 5" "$default" "$norules"

# The finding reports the short loop's pattern with a minimum length of 3.
"$SLOWDEX" digest --config "$tmp/loop3.json" --format json --limit 1 "$slow" >"$tmp/f.json"
got=$(python3 - "$tmp/f.json" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["findings"]["other"]:
    e = f["evidence"]
    if f["rule"] == "NP1.LOOP" and e["child"].startswith("select id, title from books"):
        print(e["runs"], e["length_min"], e["length_max"])
PY
)
expect "NP1.LOOP finding with min_length 3" "7 3 60" "$got"

# A generated log: a parent of 6 rows, then 6 children 200 ms apart, on connection 7.
python3 - >"$tmp/gap.log" <<'PY'
base = 1795000000
def event(t_ms, sql, rows):
    s = base + t_ms // 1000
    us = (t_ms % 1000) * 1000
    import time
    iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(s))
    print("# Time: %s.%06dZ" % (iso, us))
    print("# User@Host: app[app] @ localhost []  Id:     7")
    print("# Query_time: 0.000100  Lock_time: 0.000010 Rows_sent: %d  Rows_examined: %d" % (rows, rows))
    print("SET timestamp=%d;" % s)
    print(sql + ";")
event(0, "SELECT id FROM authors WHERE country = 'FR'", 6)
for k in range(6):
    event(200 * (k + 1), "SELECT title FROM books WHERE author_id = %d" % (k + 1), 1)
PY
expect "gap default finds the loop" "loop 6-31 6" "$(runs --no-config "$tmp/gap.log")"
conf "$tmp/gap2000.json" NP1.LOOP max_gap_ms 2000
expect "max_gap_ms 2000 finds it" "loop 6-31 6" "$(runs --config "$tmp/gap2000.json" "$tmp/gap.log")"
conf "$tmp/gap150.json" NP1.LOOP max_gap_ms 150
expect "max_gap_ms 150 loses it" "" "$(runs --config "$tmp/gap150.json" "$tmp/gap.log")"
exit $fail
