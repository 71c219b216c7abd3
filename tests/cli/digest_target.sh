#!/usr/bin/env bash
# Which server a digest reads statements for (JSON "target"): --target, else the --schema dump's
# header, else the first server banner of the logs (plain or gzip), else MySQL 8.0.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
target() { "$SLOWDEX" digest --format json --limit 1 "$@" | python3 -c 'import json,sys; print(json.load(sys.stdin)["target"])'; }

cat > "$tmp/mysql.log" <<'LOG'
/usr/sbin/mysqld, Version: 8.0.36 (MySQL Community Server - GPL). started with:
Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
Time                 Id Command    Argument
# Time: 2024-05-10T17:45:09.123456Z
# User@Host: app[app] @ localhost []  Id:     8
# Query_time: 0.100000  Lock_time: 0.000010 Rows_sent: 1  Rows_examined: 100
SET timestamp=1715363109;
SELECT /*!80000 1 AS */ v FROM t WHERE id = 1;
LOG
tail -n +4 "$tmp/mysql.log" > "$tmp/nobanner.log"
gzip -c "$tmp/mysql.log" > "$tmp/mysql.log.gz"

[ "$(target "$SRC/fixtures/slowlogs/mariadb-10.11-shop.log")" = mariadb:10.11.19 ] || fail "MariaDB banner"
[ "$(target "$tmp/mysql.log")" = mysql:8.0.36 ] || fail "MySQL banner"
[ "$(target "$tmp/mysql.log.gz")" = mysql:8.0.36 ] || fail "MySQL banner in a .gz"
[ "$(target "$tmp/nobanner.log" "$tmp/mysql.log")" = mysql:8.0.36 ] || fail "banner of the second input"
[ "$(target "$tmp/nobanner.log")" = mysql:8.0.0 ] || fail "no banner: MySQL 8.0"
[ "$(target --target mariadb:11.4 "$tmp/mysql.log")" = mariadb:11.4.0 ] || fail "--target wins"
got=$(target --schema "$SRC/fixtures/schemas/shop.sql" "$tmp/mysql.log")
case $got in mariadb:10.11.*) ;; *) fail "the dump's header before the log's banner: $got" ;; esac
[ "$(target - < "$tmp/mysql.log")" = mysql:8.0.0 ] || fail "stdin is not read twice"
echo ok
