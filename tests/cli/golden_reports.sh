#!/usr/bin/env bash
# Exact reports: every case of tests/golden/cases.tsv runs slowdex on the bundled fixtures and must
# print exactly tests/golden/<name>.out (stdout), <name>.err (stderr) and exit with <name>.rc.
# After a deliberate change of output: UPDATE_GOLDEN=1 ctest -R golden_reports, then review the diff.
set -uo pipefail
cd "$SRC"
pass=0; fail=0
while IFS=$'\t' read -r name args; do
  case "$name" in ''|'#'*) continue ;; esac
  read -r -a argv <<<"$args"
  out=$("$SLOWDEX" "${argv[@]}" 2>"$BUILD/golden.err"); rc=$?
  err=$(cat "$BUILD/golden.err")
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
    printf '%s\n' "$out" >"tests/golden/$name.out"
    printf '%s\n' "$err" >"tests/golden/$name.err"
    echo "$rc" >"tests/golden/$name.rc"
  fi
  if diff -u "tests/golden/$name.out" <(printf '%s\n' "$out") >"$BUILD/golden.diff" &&
     diff -u "tests/golden/$name.err" <(printf '%s\n' "$err") >>"$BUILD/golden.diff" &&
     [ "$(cat "tests/golden/$name.rc")" = "$rc" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: $name (exit $rc)"; head -40 "$BUILD/golden.diff"
  fi
done <tests/golden/cases.tsv
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
