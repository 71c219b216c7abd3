#!/usr/bin/env bash
# --help, help CMD, --version and the exit codes of usage errors.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
# Outputs are captured before grep -q reads them: grep stops at the first match, and a writer
# still writing would die of SIGPIPE and fail the pipeline.
out=$("$SLOWDEX" --help) || fail "--help exits 0"
grep -q '^  digest ' <<<"$out" || fail "--help lists digest"
out=$("$SLOWDEX" --version) || fail "--version exits 0"
grep -Eq '^slowdex [0-9]+\.[0-9]+\.[0-9]+$' <<<"$out" || fail "--version"
out=$("$SLOWDEX" help digest) || fail "help digest exits 0"
grep -q -- '--order-by ATTR:AGG' <<<"$out" || fail "help digest shows options"
out=$("$SLOWDEX" digest --help) || fail "digest --help exits 0"
grep -q '^Usage: slowdex digest' <<<"$out" || fail "digest --help"
"$SLOWDEX" nosuch 2>/dev/null; [ $? -eq 2 ] || fail "unknown command exits 2"
"$SLOWDEX" 2>/dev/null; [ $? -eq 2 ] || fail "no command exits 2"
"$SLOWDEX" digest --nosuch x 2>/dev/null; [ $? -eq 2 ] || fail "unknown option exits 2"
"$SLOWDEX" digest 2>/dev/null; [ $? -eq 2 ] || fail "no input exits 2"
msg=$("$SLOWDEX" digest --limit abc x 2>&1); [ $? -eq 2 ] || fail "bad --limit exits 2"
[ "$msg" = "slowdex digest: --limit takes N, P% or P%:N" ] || fail "bad --limit message: $msg"
echo "help and version ok"
