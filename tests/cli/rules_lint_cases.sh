#!/usr/bin/env bash
# The SQL cases of the rule catalog, run through `slowdex lint` (contract: tests/rules/README.md).
# For each tests/rules/<ID>/NAME.sql: `slowdex lint --no-config --only <ID> --severity-threshold none
# --format text [NAME.args...] NAME.sql`, run inside the case's folder, must print exactly
# NAME.lint.expected on standard output and NAME.lint.stderr (or nothing) on standard error, and
# exit 0. Every statement, table and index rule needs at least one SQL case with findings and one
# without. UPDATE_RULE_CASES=1 rewrites the expected files (then review the diff).
set -uo pipefail
cases="$SRC/tests/rules"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

run_case() { # dir name
    local dir=$1 name=$2 id args=()
    id=$(basename "$dir")
    if [ -f "$dir/$name.args" ]; then
        # One argument per line, so that values may hold spaces.
        mapfile -t args < "$dir/$name.args"
    fi
    (cd "$dir" && "$SLOWDEX" lint --no-config --only "$id" --severity-threshold none \
        --format text "${args[@]}" "$name.sql" > "$tmp/out" 2> "$tmp/err")
    local rc=$?
    if [ -n "${UPDATE_RULE_CASES:-}" ]; then
        cp "$tmp/out" "$dir/$name.lint.expected"
        if [ -s "$tmp/err" ]; then cp "$tmp/err" "$dir/$name.lint.stderr"; else rm -f "$dir/$name.lint.stderr"; fi
    fi
    if [ "$rc" -ne 0 ]; then
        echo "FAIL $id/$name.sql: exit $rc"; cat "$tmp/err"; return 1
    fi
    if ! diff -u "$dir/$name.lint.expected" "$tmp/out"; then
        echo "FAIL $id/$name.sql: output differs from $name.lint.expected"; return 1
    fi
    local want=/dev/null
    [ -f "$dir/$name.lint.stderr" ] && want="$dir/$name.lint.stderr"
    if ! diff -u "$want" "$tmp/err"; then
        echo "FAIL $id/$name.sql: standard error differs"; return 1
    fi
    # Positive when a finding line was printed: "name.sql:LINE:COL: severity ID ...".
    if grep -q "^$name\.sql:[0-9]*:[0-9]*: [a-z]* $id " "$tmp/out"; then
        echo "$id" >> "$tmp/positive"
    else
        echo "$id" >> "$tmp/negative"
    fi
}

: > "$tmp/positive"; : > "$tmp/negative"
ncases=0
for dir in "$cases"/*/; do
    dir=${dir%/}
    for sql in "$dir"/*.sql; do
        [ -e "$sql" ] || continue
        name=$(basename "$sql" .sql)
        case $name in *.schema) continue ;; esac  # NAME.schema.sql: a --schema input of a case
        ncases=$((ncases + 1))
        run_case "$dir" "$name" || fail=1
    done
done

# Every rule lint can run needs a positive and a negative SQL case.
"$SLOWDEX" rules > "$tmp/rules" || { echo "slowdex rules failed"; exit 1; }
while read -r id _sev subject _rest; do
    case $subject in statement|table|index) ;; *) continue ;; esac
    grep -qx "$id" "$tmp/positive" || { echo "FAIL $id: no SQL case with findings (tests/rules/$id/NAME.sql)"; fail=1; }
    grep -qx "$id" "$tmp/negative" || { echo "FAIL $id: no SQL case without findings (tests/rules/$id/NAME.sql)"; fail=1; }
done < "$tmp/rules"

[ "$fail" -eq 0 ] || exit 1
echo "rules through lint: $ncases cases ok"
