#!/usr/bin/env bash
# slowdex lint: exact text and JSON output of tests/lint/ (DDL applied over --schema, table and
# index rules on what the files create or change, inline suppressions), exit statuses 0/1/2,
# --severity-threshold, --only, .slowdex.json found upwards and its errors at file:line:column,
# standard input. UPDATE_GOLDEN=1 rewrites tests/golden/lint/ (then review the diff).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
golden="$SRC/tests/golden/lint"
fail() { echo "FAIL: $*"; exit 1; }

# Rules fixed for the goldens (the catalog grows; these outputs should not change with it).
only=QRY.SELECT_STAR,QRY.FUNCTION_ON_COLUMN,QRY.LARGE_OFFSET,QRY.UPDATE_WITHOUT_WHERE
only=$only,QRY.DELETE_WITHOUT_WHERE,QRY.INSERT_WITHOUT_COLUMNS,QRY.LEADING_WILDCARD
only=$only,SCH.LINT_FIXTURE_PK,ENG.LINT_FIXTURE_ENGINE,IDX.LINT_FIXTURE_INDEX
lint() { (cd "$SRC/tests/lint" && "$SLOWDEX" lint --no-config --rules rules --only "$only" "$@"); }

check() { # name: compare $tmp/name with the golden
    if [ -n "${UPDATE_GOLDEN:-}" ]; then cp "$tmp/$1" "$golden/$1"; fi
    diff -u "$golden/$1" "$tmp/$1" || fail "$1 differs from tests/golden/lint/$1"
}

set +e
lint --schema schema.sql --db shop migration.sql app.sql > "$tmp/app.txt" 2> "$tmp/app.stderr"
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "exit $rc with errors at the default threshold, expected 1"
check app.txt
check app.stderr
lint --schema schema.sql --db shop --format json --severity-threshold none migration.sql app.sql \
    2> /dev/null > "$tmp/app.raw.json"
# One line as printed; indented here so that a golden diff reads. The version is the build's.
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["version"]="X"; print(json.dumps(d, indent=1, ensure_ascii=False))' \
    "$tmp/app.raw.json" > "$tmp/app.json" || fail "invalid JSON"
[ "$(wc -l < "$tmp/app.raw.json")" -eq 1 ] || fail "the JSON is not one line"
check app.json

# Thresholds: warnings fail at warning; nothing fails at none; only notices pass at warning.
set +e
lint --severity-threshold none migration.sql app.sql > /dev/null 2>&1; rc_none=$?
one() { (cd "$SRC/tests/lint" && "$SLOWDEX" lint --no-config --only QRY.SELECT_STAR "$@"); }
one --severity-threshold warning app.sql > /dev/null 2>&1; rc_notice=$?
one --severity-threshold notice app.sql > /dev/null 2>&1; rc_fail=$?
set -e
[ "$rc_none" -eq 0 ] && [ "$rc_notice" -eq 0 ] && [ "$rc_fail" -eq 1 ] \
    || fail "thresholds: none $rc_none, warning $rc_notice, notice $rc_fail"

# Standard input is named <stdin>; a clean input says so.
printf 'SELECT id FROM t WHERE a = 1;\nSELECT * FROM t;\n' |
    (cd "$tmp" && "$SLOWDEX" lint --no-config --only QRY.SELECT_STAR - > "$tmp/stdin.out")
grep -q '^<stdin>:2:1: notice QRY.SELECT_STAR SELECT \* in 1 query block(s)' \
    "$tmp/stdin.out" || { cat "$tmp/stdin.out"; fail "stdin"; }
echo 'SELECT id FROM t;' > "$tmp/clean.sql"
(cd "$tmp" && "$SLOWDEX" lint --no-config clean.sql > "$tmp/clean.out")
[ "$(cat "$tmp/clean.out")" = "no findings" ] || fail "clean: $(cat "$tmp/clean.out")"

# .slowdex.json from a parent directory: a rule off, a severity raised, a table and a path ignored.
mkdir -p "$tmp/proj/sub/vendor"
cat > "$tmp/proj/.slowdex.json" <<'JSON'
{
  "version": 1,
  "rules": {
    "QRY.SELECT_STAR": false,
    "QRY.LARGE_OFFSET": {"severity": "error", "thresholds": {"max_offset": 1000}}
  },
  "ignore": {"tables": ["shop.legacy_*"], "paths": ["sub/vendor/*"]}
}
JSON
printf 'SELECT * FROM t;\nSELECT a FROM t ORDER BY a LIMIT 10 OFFSET 5000;\n' > "$tmp/proj/sub/q.sql"
cp "$tmp/proj/sub/q.sql" "$tmp/proj/sub/vendor/q.sql"
printf 'CREATE TABLE legacy_x (a INT) ENGINE=MyISAM;\nCREATE TABLE y (a INT) ENGINE=MyISAM;\n' \
    > "$tmp/proj/sub/t.sql"
set +e
(cd "$tmp/proj/sub" && "$SLOWDEX" lint --db shop --rules "$SRC/tests/lint/rules" \
    --only QRY.SELECT_STAR,QRY.LARGE_OFFSET,ENG.LINT_FIXTURE_ENGINE q.sql vendor/q.sql t.sql \
    > "$tmp/config.txt" 2> "$tmp/config.err")
rc=$?
set -e
[ "$rc" -eq 1 ] || fail "config: exit $rc"
check config.txt
[ ! -s "$tmp/config.err" ] || fail "config: $(cat "$tmp/config.err")"

# Configuration errors: exit 2, file:line:column, nothing printed on standard output.
bad() { # expected-message json
    printf '%s' "$2" > "$tmp/bad.json"
    set +e
    (cd "$tmp" && "$SLOWDEX" lint --config bad.json clean.sql > "$tmp/bad.out" 2> "$tmp/bad.err")
    local rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "bad config $2: exit $rc"
    [ ! -s "$tmp/bad.out" ] || fail "bad config $2: printed $(cat "$tmp/bad.out")"
    [ "$(cat "$tmp/bad.err")" = "slowdex lint: $1" ] || fail "got '$(cat "$tmp/bad.err")', want '$1'"
}
bad "bad.json:2:28: unknown rule 'QRY.NOPE' (slowdex rules lists them)" $'{"rules": {\n  "QRY.SELECT_STAR": true, "QRY.NOPE": false}}'
bad "bad.json:1:2: unknown key 'rule' in the configuration" '{"rule": {}}'
bad "bad.json:1:62: threshold 'max_offset' of QRY.LARGE_OFFSET takes a value of the type of its default" \
    '{"rules": {"QRY.LARGE_OFFSET": {"thresholds": {"max_offset": "big"}}}}'
bad "bad.json:1:48: rule QRY.LARGE_OFFSET has no threshold 'offset'" \
    '{"rules": {"QRY.LARGE_OFFSET": {"thresholds": {"offset": 5}}}}'
bad "bad.json:1:45: 'severity' is error, warning, notice or info" \
    '{"rules": {"QRY.LARGE_OFFSET": {"severity": "fatal"}}}'
bad "bad.json:1:27: 'x' is not a Query ID (16 or 32 hex digits)" '{"ignore": {"query_ids": ["x"]}}'
bad "bad.json:1:10: invalid JSON" '{"rules": '

# Usage errors and unreadable input: exit 2.
for args in "" "--format yaml clean.sql" "--only QRY.NOPE clean.sql" "no-such-file.sql" \
            "--severity-threshold fatal clean.sql"; do
    set +e
    # shellcheck disable=SC2086
    (cd "$tmp" && "$SLOWDEX" lint --no-config $args > /dev/null 2>&1)
    rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "slowdex lint $args: exit $rc, expected 2"
done
echo "slowdex lint: ok"
