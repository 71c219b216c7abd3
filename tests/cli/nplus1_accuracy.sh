#!/usr/bin/env bash
# N+1 accuracy on the labelled workload recorded from MariaDB (fixtures/workloads/): a reported run
# matches a true run when it covers at least 80% of the true run's statements on the same
# connection; precision and recall over runs must both be >= 0.95. Checked from the slow log on one
# thread and on several threads with small chunks (runs crossing chunk boundaries must come out as
# with one thread). The general-log half is skipped (with a message) until `slowdex digest` reads
# general logs. The runs come from SLOWDEX_DEBUG_NPLUS1's listing (analyze/nplus1_print.c).
set -euo pipefail
: "${SLOWDEX:?}" "${SRC:?}"
wl=$SRC/fixtures/workloads
slow=$wl/mariadb-10.11-nplus1.slow.log
gen=$wl/mariadb-10.11-nplus1.general.log
truth=$wl/nplus1.truth.tsv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

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

SLOWDEX_DEBUG_NPLUS1=1 "$SLOWDEX" digest --no-rules --threads 1 "$slow" >/dev/null 2>"$tmp/one"
score "$slow" slow "$tmp/one"
for cs in 4096 20000; do
    SLOWDEX_DEBUG_NPLUS1=1 SLOWDEX_DEBUG_CHUNKS=1 "$SLOWDEX" digest --no-rules --threads 4 \
        --chunk-size $cs "$slow" >/dev/null 2>"$tmp/par"
    grep -v '^chunks=' "$tmp/par" > "$tmp/par.runs" || true
    if ! cmp -s "$tmp/one" "$tmp/par.runs"; then
        echo "--threads 4 --chunk-size $cs found other runs than one thread:" >&2
        diff "$tmp/one" "$tmp/par.runs" >&2 || true
        exit 1
    fi
    chunks=$(grep '^chunks=' "$tmp/par")
    echo "threads 4, chunk-size $cs ($chunks): same runs as one thread"
done

if ! "$SLOWDEX" digest --help >"$tmp/help" 2>&1 || ! grep -q -- "genlog" "$tmp/help"; then
    echo "general log half skipped: slowdex digest does not read general logs yet"
    exit 0
fi
SLOWDEX_DEBUG_NPLUS1=1 "$SLOWDEX" digest --no-rules "$gen" >/dev/null 2>"$tmp/gen"
score "$gen" general "$tmp/gen"
