#!/usr/bin/env bash
# slowdex explain on the real MariaDB captures of fixtures/explain/ (see fixtures/README.md):
# 1. every capture (NAME.FORM.txt, all.FORM.txt, slow.log) through `slowdex explain --format json`,
#    compared exactly with tests/golden/explain/<series>/<file>.json after the facts that drift
#    between captures (timings) are masked and the input path is reduced to its name;
# 2. for each statement, the forms agree on the facts they all carry (table, access type, key,
#    Extra flags), and the -vv pastes (all.FORM.txt) give the same plans as the single files;
# 3. when mariadbd is installed: a live re-capture (capture-mariadb.sh --out TMP) whose access
#    types, keys and Extra flags must equal the committed captures' (the facts that do not drift).
# Regenerate the goldens with UPDATE_GOLDEN=1, then review the diff.
# Env: SLOWDEX (binary), SRC (repository). Exit 77 when slowdex has no explain command yet.
set -euo pipefail

SLOWDEX=${SLOWDEX:?SLOWDEX must name the slowdex binary}
SRC=${SRC:?SRC must name the repository}
fixtures=$SRC/fixtures/explain
goldens=$SRC/tests/golden/explain
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slowdex-explain-captures.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Output captured first: never pipe a writer into grep -q under pipefail.
help_out=$("$SLOWDEX" help 2>&1 || true)
if [[ $help_out != *explain* ]]; then
    echo "explain_captures.sh: slowdex has no explain command yet, skipping" >&2
    exit 77
fi

# Masks what drifts from run to run and what depends on the checkout's path.
normalise() {
    python3 -c '
import json, os, sys
doc = json.load(sys.stdin)
DRIFT = ("actual_total_ms", "actual_first_ms", "actual_last_ms")
for p in doc.get("plans", []):
    p["file"] = os.path.basename(p["file"]) if p.get("file") else p.get("file")
    for t in p.get("tables", []):
        for k in DRIFT:
            if t.get(k) is not None:
                t[k] = "DRIFTS"
doc["diagnostics"] = [os.path.basename(d) for d in doc.get("diagnostics", [])]
json.dump(doc, sys.stdout, indent=1, sort_keys=False)
sys.stdout.write("\n")
'
}

fail=0
checked=0
for dir in "$fixtures"/mariadb-*/; do
    series=$(basename "$dir")
    mkdir -p "$tmp/$series"
    for f in "$dir"*.txt "$dir"slow.log; do
        name=$(basename "$f")
        if ! "$SLOWDEX" explain --format json "$f" >"$tmp/raw.json" 2>"$tmp/err"; then
            echo "FAIL $series/$name: slowdex explain exited non-zero: $(head -c 300 "$tmp/err")"
            fail=1
            continue
        fi
        normalise <"$tmp/raw.json" >"$tmp/$series/$name.json"
        golden=$goldens/$series/$name.json
        if [[ -n ${UPDATE_GOLDEN:-} ]]; then
            mkdir -p "$goldens/$series"
            cp "$tmp/$series/$name.json" "$golden"
        elif ! diff -u "$golden" "$tmp/$series/$name.json" >"$tmp/diff" 2>&1; then
            echo "FAIL $series/$name differs from its golden:"
            head -n 40 "$tmp/diff"
            fail=1
        fi
        checked=$((checked + 1))
    done
done

# Cross-form agreement, from the normalised outputs: per statement, every form's tables in order
# with the facts each form carries, and the -vv pastes' plans in statement order.
if ! python3 - "$tmp" "$fixtures/queries.sql" <<'PY'
import json, os, re, sys
tmp, queries = sys.argv[1], sys.argv[2]
names = [m.group(1) for m in (re.match(r"-- ([a-z0-9_]+): ", l) for l in open(queries)) if m]
FORMS = ["table", "batch", "vertical", "extended", "json", "analyze", "analyze-json"]
FACTS = ["table", "select_type", "access_type", "key", "extra"]
bad = 0
def plans(series, fname):
    return json.load(open(os.path.join(tmp, series, fname + ".json")))["plans"]
def view(plan):
    # Facts every form carries. A plan-level message (Impossible WHERE...) counts as a flag.
    rows = [tuple(json.dumps(t.get(k), sort_keys=True) for k in FACTS) for t in plan["tables"]
            if t.get("table") is not None]
    return {"rows": rows, "message": plan.get("message")}
for series in sorted(os.listdir(tmp)):
    if not series.startswith("mariadb-"):
        continue
    for n in names:
        seen = {}
        for f in FORMS:
            p = plans(series, f"{n}.{f}.txt")
            if len(p) != 1:
                print(f"FAIL {series}/{n}.{f}.txt: {len(p)} plans, expected 1"); bad += 1; continue
            seen[f] = view(p[0])
        ref = seen.get("table")
        for f, v in seen.items():
            if ref is not None and v != ref:
                print(f"FAIL {series}/{n}: form {f} disagrees with table:\n  {v}\n  {ref}"); bad += 1
    for f in FORMS:
        p = plans(series, f"all.{f}.txt")
        if len(p) != len(names):
            print(f"FAIL {series}/all.{f}.txt: {len(p)} plans, expected {len(names)}"); bad += 1; continue
        for n, plan in zip(names, p):
            one = plans(series, f"{n}.{f}.txt")
            if one and view(plan) != view(one[0]):
                print(f"FAIL {series}/all.{f}.txt: the plan of {n} differs from {n}.{f}.txt"); bad += 1
sys.exit(1 if bad else 0)
PY
then
    fail=1
fi

# Live re-capture: only the facts that do not drift (access type, key, Extra flags).
mariadbd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
if [[ -x $mariadbd ]]; then
    series=mariadb-$("$mariadbd" --version | sed -n 's/.* Ver \([0-9]*\.[0-9]*\)\..*/\1/p')
    if [[ -d $fixtures/$series ]]; then
        if ! bash "$fixtures/capture-mariadb.sh" --out "$tmp/live" >"$tmp/live.log" 2>&1; then
            echo "FAIL live re-capture failed:"; tail -n 20 "$tmp/live.log"; fail=1
        else
            for f in "$tmp"/live/*.txt; do
                name=$(basename "$f")
                "$SLOWDEX" explain --format json "$f" >"$tmp/live.json" 2>/dev/null || true
                "$SLOWDEX" explain --format json "$fixtures/$series/$name" >"$tmp/committed.json" 2>/dev/null || true
                if ! python3 - "$tmp/live.json" "$tmp/committed.json" <<'PY'
import json, sys
def facts(path):
    try:
        doc = json.load(open(path))
    except ValueError:
        return None
    return [[(t.get("table"), t.get("access_type"), t.get("key"), t.get("extra")) for t in p["tables"]]
            for p in doc["plans"]]
sys.exit(0 if facts(sys.argv[1]) == facts(sys.argv[2]) else 1)
PY
                then
                    echo "FAIL live $name: access type, key or Extra flags changed since the committed capture"
                    fail=1
                fi
            done
            echo "live re-capture compared ($series)"
        fi
    else
        echo "live re-capture skipped: no committed captures for $series"
    fi
else
    echo "live re-capture skipped: mariadbd is not installed"
fi

echo "explain captures: $checked files checked"
exit $fail
