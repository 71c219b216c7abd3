#!/usr/bin/env bash
# slowdex digest is valgrind-clean (no invalid access, no leak) on a real log, plain and gzip, in
# text and JSON, with one thread and with two threads forced to split the file.
set -uo pipefail
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed (apt-get install valgrind)"; exit 77; }
log="$SRC/fixtures/slowlogs/mariadb-10.11-shop.log"
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect)
run() {
  "${vg[@]}" "$SLOWDEX" "$@" >/dev/null 2>"$BUILD/valgrind.err"
  rc=$?
  if [ $rc -eq 99 ]; then echo "FAIL: valgrind errors for: $*"; cat "$BUILD/valgrind.err"; exit 1; fi
  if [ $rc -ne 0 ]; then echo "FAIL: exit $rc for: $*"; cat "$BUILD/valgrind.err"; exit 1; fi
}
run digest "$log"
run digest --format json --limit 100% "$log.gz"
run digest --threads 2 --chunk-size 20000 --limit 100% "$log"
run digest --save "$BUILD/vg.sdx" "$log"
run digest "$BUILD/vg.sdx" "$log"
run fingerprint --query "SELECT * FROM t WHERE a IN (1,2,3) AND b = 'x'"
echo "valgrind clean"
