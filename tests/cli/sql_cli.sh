#!/usr/bin/env bash
# slowdex sql: the JSON envelope, exit codes (0 done, 2 unreadable input or usage), a partial
# statement reported with its position, statements read from stdin and from several files, and
# --sql-mode changing how quotes are read.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

printf 'SELECT a FROM t WHERE b = 1;\nSELECT (;\n' > "$tmp/two.sql"
"$SLOWDEX" sql "$tmp/two.sql" > "$tmp/out.json" || fail "exit $? on a readable file"
python3 - "$tmp/out.json" <<'PY' || fail "JSON envelope"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1, d
s = d["statements"]
assert [x["statement"] for x in s] == [1, 2], s
assert s[0]["complete"] is True and s[0]["predicates"][0]["column"] == "b"
assert s[1]["complete"] is False and s[1]["problem"] == {"pos": 8, "reason": "unexpected end of statement"}, s[1]
assert s[1]["line"] == 2
PY

# stdin, text form
out=$(printf 'SELECT x FROM t WHERE y LIKE "%%a"' | "$SLOWDEX" sql --format text -)
[ "$out" = "$(printf 'statement 1 line 1 select\ntable t = t from\nflags where\nread t.x t.y\ndefeat leading_wildcard t.y @22')" ] ||
    fail "stdin text form: $out"

# ANSI_QUOTES turns "y" into a column
out=$(printf 'SELECT x FROM t WHERE "y" = 1' | "$SLOWDEX" sql --format text --sql-mode ANSI_QUOTES -)
grep -qx 'eq t.y = const' <<<"$out" || fail "ANSI_QUOTES: $out"

# an unreadable input among readable ones: the readable one is still analysed, exit 2
set +e
"$SLOWDEX" sql --format text "$tmp/two.sql" "$tmp/missing.sql" > "$tmp/out.txt" 2> "$tmp/err.txt"
rc=$?
set -e
[ $rc -eq 2 ] || fail "exit $rc with a missing file"
grep -q '^statement 1 line 1 select' "$tmp/out.txt" || fail "readable input not analysed"
grep -q 'missing.sql' "$tmp/err.txt" || fail "no message naming the missing file"

# usage errors
for args in "--format xml x" "--sql-mode BOGUS -" "--target postgres:16 -" "--nope"; do
    set +e
    # shellcheck disable=SC2086
    "$SLOWDEX" sql $args < /dev/null > /dev/null 2>&1
    rc=$?
    set -e
    [ $rc -eq 2 ] || fail "exit $rc for: sql $args"
done
echo ok
