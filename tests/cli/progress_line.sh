#!/usr/bin/env bash
# The progress line appears on a terminal (here a pseudo-terminal made by script(1)) and never in a
# pipe; stdout, the report, is the same either way. Also the phase times of SLOWDEX_DEBUG_PHASES.
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

# SLOWDEX_DEBUG_PHASES: one line of phase times on stderr (bench/rules-overhead reads it), the
# report unchanged.
SLOWDEX_DEBUG_PHASES=1 "$SLOWDEX" digest "$log" >"$tmp/phases.out" 2>"$tmp/phases.err"
grep -Eq '^slowdex digest: phases \(ms\): context [0-9.]+, read [0-9.]+, rules-start [0-9.]+, choose [0-9.]+, rules-finish [0-9.]+, report [0-9.]+, free [0-9.]+$' \
    "$tmp/phases.err" || { echo "FAIL: no phases line: $(cat "$tmp/phases.err")"; exit 1; }
cmp -s "$tmp/plain.out" "$tmp/phases.out" || { echo "FAIL: the report differs with the phases"; exit 1; }
echo "phase times on request"
