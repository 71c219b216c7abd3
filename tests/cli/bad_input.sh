#!/usr/bin/env bash
# Bad input never crashes, hangs or loses the rest: random bytes, a directory, a corrupt and a cut
# .gz, an empty file, CRLF line ends, NUL bytes, a 3 MB statement line — each gives its exit code and
# a one-line error where it must, and the readable events are still reported.
set -uo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
log="$SRC/fixtures/slowlogs/mariadb-10.11-shop.log"
fail() { echo "FAIL: $*"; exit 1; }
count() { python3 -c 'import json,sys; print(json.load(sys.stdin)["global"]["count"])'; }
run() { timeout 60 "$SLOWDEX" digest --format json --limit 100% "$@" 2>"$tmp/err"; }

head -c 2000000 /dev/urandom >"$tmp/random.bin"
run "$tmp/random.bin" >/dev/null; [ $? -eq 0 ] || fail "random bytes: exit 0 expected"

run "$tmp" >/dev/null; [ $? -eq 2 ] || fail "a directory: exit 2 expected"
grep -qx "slowdex digest: $tmp: Is a directory" "$tmp/err" || fail "a directory: $(cat "$tmp/err")"

printf '\037\213\010garbage' >"$tmp/bad.gz"
n=$(run "$tmp/bad.gz" "$log" | count); rc=${PIPESTATUS[0]}
[ "$rc" -eq 2 ] && [ "$n" -eq 142 ] || fail "corrupt gzip beside a good log: exit $rc, $n events"
grep -qx "slowdex digest: $tmp/bad.gz: corrupt gzip data at byte 4" "$tmp/err" || fail "$(cat "$tmp/err")"

head -c 3000 "$log.gz" >"$tmp/cut.gz"
n=$(run "$tmp/cut.gz" | count); rc=${PIPESTATUS[0]}
[ "$rc" -eq 2 ] && [ "$n" -gt 20 ] || fail "cut gzip: exit $rc, $n events (the events before the cut must count)"
grep -q "truncated gzip data" "$tmp/err" || fail "cut gzip message: $(cat "$tmp/err")"

: >"$tmp/empty.log"
n=$(run "$tmp/empty.log" | count); [ "$n" -eq 0 ] || fail "empty log"

sed 's/$/\r/' "$log" >"$tmp/crlf.log"
n=$(run "$tmp/crlf.log" | count); [ "$n" -eq 142 ] || fail "CRLF: $n events"
a=$(run "$log" | python3 -c 'import json,sys; print(sorted(c["query_id"] for c in json.load(sys.stdin)["classes"]))')
b=$(run "$tmp/crlf.log" | python3 -c 'import json,sys; print(sorted(c["query_id"] for c in json.load(sys.stdin)["classes"]))')
[ "$a" = "$b" ] || fail "CRLF changes the classes"

tr 'x' '\000' <"$log" >"$tmp/nul.log"
n=$(run "$tmp/nul.log" | count); [ "$n" -eq 142 ] || fail "NUL bytes: $n events"

python3 - "$tmp/long.log" "$log" <<'PY'
import sys
with open(sys.argv[1], "wb") as out:
    out.write(b"# Time: 2024-05-10T17:45:09Z\n# User@Host: a[a] @ h []\n"
              b"# Query_time: 1  Lock_time: 0  Rows_sent: 0  Rows_examined: 0\n")
    out.write(b"SELECT '" + b"x" * 3000000 + b"';\n")
    out.write(open(sys.argv[2], "rb").read())
PY
n=$(run "$tmp/long.log" | count); [ "$n" -eq 143 ] || fail "a 3 MB line: $n events"
n=$(cat "$tmp/long.log" | run - | count); [ "$n" -eq 143 ] || fail "a 3 MB line through stdin: $n events"
echo "bad input handled"
