#!/usr/bin/env bash
# --help, help CMD, --version and the exit codes of usage errors.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
"$SLOWDEX" --help | grep -q '^  digest ' || fail "--help lists digest"
"$SLOWDEX" --version | grep -Eq '^slowdex [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$SLOWDEX" help digest | grep -q -- '--order-by ATTR:AGG' || fail "help digest shows options"
"$SLOWDEX" digest --help | grep -q '^Usage: slowdex digest' || fail "digest --help"
"$SLOWDEX" nosuch 2>/dev/null; [ $? -eq 2 ] || fail "unknown command exits 2"
"$SLOWDEX" 2>/dev/null; [ $? -eq 2 ] || fail "no command exits 2"
"$SLOWDEX" digest --nosuch x 2>/dev/null; [ $? -eq 2 ] || fail "unknown option exits 2"
"$SLOWDEX" digest 2>/dev/null; [ $? -eq 2 ] || fail "no input exits 2"
msg=$("$SLOWDEX" digest --limit abc x 2>&1); [ $? -eq 2 ] || fail "bad --limit exits 2"
[ "$msg" = "slowdex digest: --limit takes N, P% or P%:N" ] || fail "bad --limit message: $msg"
echo "help and version ok"
