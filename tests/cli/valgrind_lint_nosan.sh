#!/usr/bin/env bash
# slowdex lint is valgrind-clean (no invalid access, no leak): DDL over --schema, table and index
# rules, suppressions, a configuration, text and JSON. Rules with regular expressions are left out:
# PCRE2's JIT reads 16 bytes at a time past the end of a subject, which valgrind reports although
# it is harmless (ASan, which knows, runs every rule in the sanitizer build).
set -uo pipefail
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed (apt-get install valgrind)"; exit 77; }
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
only=QRY.SELECT_STAR,QRY.FUNCTION_ON_COLUMN,QRY.LARGE_OFFSET,QRY.UPDATE_WITHOUT_WHERE
only=$only,QRY.DELETE_WITHOUT_WHERE,QRY.LEADING_WILDCARD,SCH.LINT_FIXTURE_PK
only=$only,ENG.LINT_FIXTURE_ENGINE,IDX.LINT_FIXTURE_INDEX
cd "$SRC/tests/lint" || exit 1
printf '{"rules": {"QRY.LARGE_OFFSET": {"severity": "error", "thresholds": {"max_offset": 5}}},\n "ignore": {"tables": ["shop.pay*"]}}' \
    > "$BUILD/vg-lint.json"
run() {
  "${vg[@]}" "$SLOWDEX" lint --rules rules --only "$only" "$@" >/dev/null 2>"$BUILD/valgrind.err"
  rc=$?
  if [ $rc -eq 99 ]; then echo "FAIL: valgrind errors for: $*"; cat "$BUILD/valgrind.err"; exit 1; fi
  if [ $rc -gt 1 ]; then echo "FAIL: exit $rc for: $*"; cat "$BUILD/valgrind.err"; exit 1; fi
}
run --no-config --schema schema.sql --db shop migration.sql app.sql
run --config "$BUILD/vg-lint.json" --schema schema.sql --db shop --format json migration.sql app.sql
run --config "$BUILD/vg-lint.json" --format json - < app.sql
echo "valgrind clean"
