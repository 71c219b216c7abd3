#!/usr/bin/env bash
# Checks the real-server test scaffolding in tests/server: start.sh brings up a private MariaDB that
# answers queries on its socket, and stop.sh (--clean) leaves neither a server process nor files
# behind. Skips (77) only when MariaDB is not installed.
set -euo pipefail

SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v mariadbd >/dev/null 2>&1 && [[ ! -x /usr/sbin/mariadbd ]]; then
    echo "SKIP: mariadbd not installed"
    exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/slowdex-srvtest.XXXXXX")
dir=$work/srv
# Whatever happens, stop the server we started and remove our files.
trap 'bash "$SRC/tests/server/stop.sh" "$dir" --clean >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

sock=$(SLOWDEX_SERVER_TIMEOUT=40 bash "$SRC/tests/server/start.sh" "$dir" --max-connections=20) \
    || fail "start.sh failed"
[[ $sock == "$(cat "$dir/socket")" ]] || fail "start.sh printed '$sock', DIR/socket says otherwise"
[[ -S $sock ]] || fail "$sock is not a socket"
pid=$(cat "$dir/mariadbd.pid")

q() { mariadb --no-defaults --socket="$sock" -uroot --batch --skip-column-names -e "$1"; }

version=$(q 'SELECT VERSION()') || fail "SELECT VERSION() failed"
[[ $version == *MariaDB* ]] || fail "unexpected version '$version'"

# The extra option given to start.sh reached the server.
got=$(q 'SELECT @@max_connections, @@skip_networking')
[[ $got == $'20\t1' ]] || fail "server options: expected '20<TAB>1', got '$got'"

got=$(q 'CREATE DATABASE t; CREATE TABLE t.x (a INT PRIMARY KEY, b VARCHAR(8));
         INSERT INTO t.x VALUES (1,"one"),(2,"two"),(3,"three");
         SELECT COUNT(*), GROUP_CONCAT(b ORDER BY a) FROM t.x WHERE a >= 2')
[[ $got == $'2\ttwo,three' ]] || fail "query: expected '2<TAB>two,three', got '$got'"

# A second start on the same directory must refuse rather than start a rival server.
if bash "$SRC/tests/server/start.sh" "$dir" >/dev/null 2>&1; then
    fail "second start.sh on a running DIR succeeded"
fi

bash "$SRC/tests/server/stop.sh" "$dir" --clean || fail "stop.sh failed"
[[ ! -e $dir ]] || fail "stop.sh --clean left $dir behind"
if kill -0 "$pid" 2>/dev/null && [[ -n $(tr -d '\0' <"/proc/$pid/cmdline" 2>/dev/null) ]]; then
    fail "mariadbd pid $pid still running after stop.sh"
fi
if pgrep -f -- "--datadir=$dir/data" >/dev/null; then
    fail "a mariadbd serving $dir is still running"
fi
# Stopping again is harmless.
bash "$SRC/tests/server/stop.sh" "$dir" >/dev/null 2>&1 || fail "second stop.sh failed"
echo "ok: $version"
