#!/usr/bin/env bash
# slowdex schema: the golden model of fixtures/schemas/shop.sql (UPDATE_GOLDEN=1 rewrites it),
# warnings as `file:line: reason` with the rest of the file still read, exit 2 on an unreadable
# file or a bad option, and the shared options (--target, --stats, --schema).
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
cd "$SRC" || exit 1
golden=tests/golden/schema/shop.json
out=$("$SLOWDEX" schema fixtures/schemas/shop.sql) || fail "schema shop.sql exits 0"
if [ "${UPDATE_GOLDEN:-}" = 1 ]; then printf '%s\n' "$out" > "$golden"; fi
diff -u "$golden" <(printf '%s\n' "$out") || fail "shop.sql model differs from $golden"

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf 'CREATE TABLE a (id INT);\nCREATE TABLE b (x NOPE);\nALTER TABLE a ADD COLUMN c INT;\n' > "$tmp/m.sql"
"$SLOWDEX" schema --no-locations "$tmp/m.sql" > "$tmp/out" 2> "$tmp/err"; rc=$?
[ $rc -eq 0 ] || fail "a bad statement is a warning (exit $rc)"
[ "$(cat "$tmp/err")" = "slowdex schema: $tmp/m.sql:2: CREATE TABLE b: unknown data type \`nope\`" ] ||
  fail "warning text: $(cat "$tmp/err")"
grep -q '"name":	"c"' "$tmp/out" || fail "the statement after the bad one is applied"
grep -q '"loc"' "$tmp/out" && fail "--no-locations leaves out loc"

"$SLOWDEX" schema "$tmp/nonexistent.sql" 2>/dev/null; [ $? -eq 2 ] || fail "unreadable file exits 2"
"$SLOWDEX" schema 2>/dev/null; [ $? -eq 2 ] || fail "no file exits 2"
msg=$("$SLOWDEX" schema --target oracle:1 "$tmp/m.sql" 2>&1); [ $? -eq 2 ] || fail "bad --target exits 2"
[ "$msg" = "slowdex schema: --target takes mysql:VERSION or mariadb:VERSION (mysql:8.0)" ] ||
  fail "bad --target message: $msg"
out=$("$SLOWDEX" schema --target mysql:5.7 "$tmp/m.sql" 2>/dev/null)
grep -q '"target":	"mysql:5.7.0"' <<<"$out" || fail "--target is used"
"$SLOWDEX" schema --target mariadb:10.11 --schema fixtures/schemas/features.dump.sql \
  --stats fixtures/schemas/features.stats.tsv fixtures/schemas/migrations/0001_create_tables.sql \
  > "$tmp/f" 2> "$tmp/ferr" || fail "--schema, --stats and operands together"
[ ! -s "$tmp/ferr" ] || fail "features with stats warns: $(cat "$tmp/ferr")"
grep -q '"rows":	2000' "$tmp/f" || fail "--stats attaches rows"
grep -q '"name":	"audit_log"' "$tmp/f" || fail "operands are applied after --schema files"
echo "schema cli ok"
