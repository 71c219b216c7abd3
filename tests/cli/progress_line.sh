#!/usr/bin/env bash
# The progress line appears on a terminal (here a pseudo-terminal made by script(1)) and never in a
# pipe; stdout, the report, is the same either way.
set -uo pipefail
command -v script >/dev/null || { echo "SKIP: script(1) is not installed (bsdutils)"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
log="$SRC/fixtures/slowlogs/mariadb-10.11-shop.log"
"$SLOWDEX" digest --progress "$log" >"$tmp/plain.out" 2>"$tmp/plain.err"
[ ! -s "$tmp/plain.err" ] || { echo "FAIL: progress written to a pipe: $(cat "$tmp/plain.err")"; exit 1; }
script -qec "'$SLOWDEX' digest --progress --threads 1 '$log' 2>&1 >'$tmp/tty.out'" /dev/null >"$tmp/tty.err"
grep -q "events/s" "$tmp/tty.err" || { echo "FAIL: no progress line on a terminal"; cat -v "$tmp/tty.err" | head -3; exit 1; }
cmp -s "$tmp/plain.out" "$tmp/tty.out" || { echo "FAIL: the report differs with the progress line"; exit 1; }
echo "progress line only on terminals"
