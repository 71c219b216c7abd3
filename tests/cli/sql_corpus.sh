#!/bin/bash
# slowdex sql: the hand-checked statement corpus. For each tests/sql/corpus/NAME.sql, run
#   slowdex sql --format text $(cat NAME.args) tests/sql/corpus/NAME.sql      (from the repo root)
# and compare with NAME.expected, whose every line was written by hand from docs/sql-analysis.md
# (see tests/sql/README.md). Prints a unified diff per failing file and how many statements differ.
# UPDATE_EXPECTED=1 rewrites the .expected files from the current output instead (only after
# reviewing the change: the expectations are meant to be independent of the implementation).
set -u
: "${SLOWDEX:?SLOWDEX must name the slowdex binary}"
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRC" || exit 2
corpus=tests/sql/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$SLOWDEX" ]; then
    echo "SKIP: $SLOWDEX is not an executable"; exit 77
fi

# Split a text-form output into one file per statement (blocks separated by blank lines) and count
# the statements of $1 and $2 that differ (by ordinal; a missing statement counts as different).
count_diff() {
    awk -v RS= -v ORS='\n\x1e' '1' "$1" >"$tmp/a.rs"
    awk -v RS= -v ORS='\n\x1e' '1' "$2" >"$tmp/b.rs"
    awk 'BEGIN { RS = "\x1e" }
         FNR == NR { a[FNR] = $0; na = FNR; next }
         { b[FNR] = $0; nb = FNR }
         END { n = na > nb ? na : nb; d = 0
               for (i = 1; i <= n; i++) if (!(i in a) || !(i in b) || a[i] != b[i]) d++
               print d }' "$tmp/a.rs" "$tmp/b.rs"
}

files=0 failed=0 stmts=0 differ=0
for sql in "$corpus"/*.sql; do
    name=$(basename "$sql" .sql)
    case $name in *-schema) continue ;; esac     # schema files used by --schema, not statements
    expected=$corpus/$name.expected
    args=()
    if [ -f "$corpus/$name.args" ]; then
        read -r -a args <"$corpus/$name.args" || true
    fi
    files=$((files + 1))
    out=$tmp/$name.out err=$tmp/$name.err
    "$SLOWDEX" sql --format text "${args[@]}" "$sql" >"$out" 2>"$err"
    rc=$?
    if [ "${UPDATE_EXPECTED:-0}" = 1 ]; then
        if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
            echo "NOT UPDATED: $name (exit $rc): $(head -c 300 "$err")"; failed=$((failed + 1)); continue
        fi
        cp "$out" "$expected"; echo "updated $expected"; continue
    fi
    if [ ! -f "$expected" ]; then
        echo "FAIL: $expected is missing"; failed=$((failed + 1)); continue
    fi
    n=$(awk -v RS= 'END { print NR }' "$expected")
    stmts=$((stmts + n))
    if ! cmp -s "$expected" "$out"; then
        d=$(count_diff "$expected" "$out")
        differ=$((differ + d)); failed=$((failed + 1))
        echo "FAIL: $name: $d of $n statements differ (slowdex exit $rc)"
        [ -s "$err" ] && echo "stderr: $(head -c 500 "$err")"
        diff -u --label "$expected" --label "slowdex sql ${args[*]} $sql" "$expected" "$out" | head -n 400
    fi
done

if [ "${UPDATE_EXPECTED:-0}" = 1 ]; then
    [ $failed -eq 0 ]; exit
fi
echo "sql corpus: $files files, $stmts statements, $differ differ, $failed files failing"
[ $failed -eq 0 ]
