#!/usr/bin/env bash
# N+1 accuracy on the labelled workload recorded from MariaDB (fixtures/workloads/): a reported run
# matches a true run when it covers at least 80% of the true run's statements on the same
# connection; precision and recall over runs must both be >= 0.95. Checked from the slow log on one
# thread and on several threads with small chunks (runs crossing chunk boundaries must come out as
# with one thread), and from the general log. The runs are the JSON report's
# nplus1.patterns[].kept_runs (docs/json-schema.md), listed one per line as analyze/nplus1_print.c
# lists them.
set -euo pipefail
: "${SLOWDEX:?}" "${SRC:?}"
wl=$SRC/fixtures/workloads
slow=$wl/mariadb-10.11-nplus1.slow.log
gen=$wl/mariadb-10.11-nplus1.general.log
truth=$wl/nplus1.truth.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

runs() { # OUT ARGS...: the digest's runs, one per line, in OUT; its stderr in OUT.err
    local out=$1
    shift
    "$SLOWDEX" digest --no-rules --format json "$@" >"$out.json" 2>"$out.err"
    python3 - "$out.json" >"$out" <<'PY'
import json, sys
np = json.load(open(sys.argv[1]))["nplus1"]
files = {}
for i, p in enumerate(np["patterns"]):
    kind = "repeat" if p["kind"] == "repeat" else "n+1"
    for r in p["kept_runs"]:
        f = files.setdefault(r["file"], len(files))
        print("np1 run %d\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d" % (i, kind, f, r["restarts"],
              r["connection"], r["first_line"], r["last_line"], r["statements"], r["iterations"]))
PY
}

score() { # LOG KIND OUT: compares the listing in OUT with the truth, by statements of LOG
    python3 - "$1" "$2" "$3" "$truth" <<'PY'
import re, sys
log, kind, out, truth = sys.argv[1:]
lines = open(log, encoding="utf-8", errors="replace").read().split("\n")
# (thread, line of the event's first line) -> ordinal among the thread's statements; label -> thread
ordinal, label_of, count = {}, {}, {}
if kind == "slow":
    start = None; tid = None; i = 0
    starts = []
    while i < len(lines):
        l = lines[i]
        if l.startswith("# Time:") and i + 1 < len(lines) and lines[i + 1].startswith("# User@Host:"):
            start = i + 1; i += 1; continue
        if l.startswith("# User@Host:"):
            if start is None or start != i: start = i + 1
            m = re.search(r"Thread_id: (\d+)", lines[i + 1]); tid = int(m.group(1))
            count[tid] = count.get(tid, 0) + 1
            ordinal[(tid, start)] = count[tid]
            j = i + 1
            while j < len(lines) and not lines[j].startswith("# User@Host:") and not lines[j].startswith("# Time:"):
                m = re.match(r"SELECT 'wl:(\w+)' AS wl_conn;", lines[j])
                if m: label_of[m.group(1)] = tid
                j += 1
            start = None; i = j; continue
        i += 1
else:
    for n, l in enumerate(lines, 1):
        m = re.match(r"^(?:\d{6} [ \d]\d:\d\d:\d\d)?\t\s*(\d+) Query\t(.*)", l)
        if not m: continue
        tid = int(m.group(1)); count[tid] = count.get(tid, 0) + 1
        ordinal[(tid, n)] = count[tid]
        m2 = re.match(r"SELECT 'wl:(\w+)' AS wl_conn", m.group(2))
        if m2: label_of[m2.group(1)] = tid
true_runs = []
for l in open(truth):
    if l.startswith("#"): continue
    f = l.rstrip("\n").split("\t")
    true_runs.append((label_of[f[0]], int(f[2]), int(f[3])))
rep = []
for l in open(out):
    if not l.startswith("np1 run "): continue
    f = l.split("\t")
    if f[1] != "n+1": continue
    tid, a, b = int(f[4]), int(f[5]), int(f[6])
    rep.append((tid, ordinal[(tid, a)], ordinal[(tid, b)]))
def covers(r, t):
    if r[0] != t[0]: return False
    inter = min(r[2], t[2]) - max(r[1], t[1]) + 1
    return inter >= 0.8 * (t[2] - t[1] + 1)
tp_r = sum(1 for r in rep if any(covers(r, t) for t in true_runs))
tp_t = sum(1 for t in true_runs if any(covers(r, t) for r in rep))
p = tp_r / len(rep) if rep else 0.0
rc = tp_t / len(true_runs)
print("%s: %d reported, %d true, precision %.3f, recall %.3f" % (kind, len(rep), len(true_runs), p, rc))
sys.exit(0 if p >= 0.95 and rc >= 0.95 else 1)
PY
}

runs "$tmp/one" --threads 1 "$slow"
score "$slow" slow "$tmp/one"
for cs in 4096 20000; do
    SLOWDEX_DEBUG_CHUNKS=1 runs "$tmp/par.runs" --threads 4 --chunk-size $cs "$slow"
    cp "$tmp/par.runs.err" "$tmp/par"
    if ! cmp -s "$tmp/one" "$tmp/par.runs"; then
        echo "--threads 4 --chunk-size $cs found other runs than one thread:" >&2
        diff "$tmp/one" "$tmp/par.runs" >&2 || true
        exit 1
    fi
    chunks=$(grep '^chunks=' "$tmp/par")
    echo "threads 4, chunk-size $cs ($chunks): same runs as one thread"
done

# Runs far longer than a chunk, on three connections whose statements alternate through the whole
# file: every chunk edge falls inside them. A loop of one class (400), an interleaved loop (2 x 200),
# a repeat of one statement (300). One thread and 4 threads with 4 KB chunks list the same runs,
# with no chunk refuted (with 16 KB chunks, heads keep such a run as a block, not as its statements).
python3 - "$tmp/long.log" <<'PY'
import sys
out = open(sys.argv[1], "w")
conns = {
    7: ["SELECT id FROM authors WHERE country = 'fr'"] +
       ["SELECT title FROM books WHERE author_id = %d" % i for i in range(400)],
    8: ["SELECT id FROM books WHERE year = 1999"] +
       [q for i in range(200) for q in ("SELECT name FROM authors WHERE id = %d" % i,
                                        "SELECT stars FROM reviews WHERE book_id = %d" % i)],
    9: ["SELECT 1 FROM dual"] + ["SELECT value FROM settings WHERE name = 'theme'"] * 300,
}
us = 0
for k in range(max(len(v) for v in conns.values())):
    for tid, qs in conns.items():
        if k >= len(qs):
            continue
        us += 150
        rows = 400 if k == 0 else 1
        out.write("# Time: 2024-05-10T17:45:%02d.%06dZ\n" % (us // 1000000, us % 1000000))
        out.write("# User@Host: app[app] @ localhost []  Id: %d\n" % tid)
        out.write("# Query_time: 0.000100  Lock_time: 0.000000 Rows_sent: %d  Rows_examined: 1\n" % rows)
        out.write("SET timestamp=1715363100;\n%s;\n" % qs[k])
PY
runs "$tmp/long1" --threads 1 "$tmp/long.log"
for want in $'n\\+1\t0\t0\t7\t\d+\t\d+\t400\t400' $'n\\+1\t0\t0\t8\t\d+\t\d+\t400\t200' \
            $'repeat\t0\t0\t9\t\d+\t\d+\t300\t300'; do
    if ! grep -qP "^np1 run \d+\t$want\$" "$tmp/long1"; then
        echo "long runs: no run matching $want in:" >&2
        cat "$tmp/long1" >&2
        exit 1
    fi
done
for cs in 4096 16384; do
    SLOWDEX_DEBUG_CHUNKS=1 runs "$tmp/long4.runs" --threads 4 --chunk-size $cs "$tmp/long.log"
    cp "$tmp/long4.runs.err" "$tmp/long4"
    chunks=$(grep '^chunks=' "$tmp/long4")
    if ! cmp -s "$tmp/long1" "$tmp/long4.runs" || [ "${chunks#*reparsed=}" != 0 ]; then
        echo "long runs across chunk edges: 4 threads ($chunks) differ from one thread:" >&2
        diff "$tmp/long1" "$tmp/long4.runs" >&2 || true
        exit 1
    fi
    echo "long runs across chunk edges, chunk-size $cs ($chunks): same runs as one thread"
done

runs "$tmp/gen" "$gen"
score "$gen" general "$tmp/gen"
