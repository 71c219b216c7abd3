#!/bin/bash
# slowdex fingerprint: exact output for a small statement file, stdin, --query, the options, a slow
# log, usage errors and a missing file (exit 2 with one line on stderr).
set -u
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check() { # name expected actual
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1"; echo "--- expected"; echo "$2"; echo "--- got"; echo "$3"; fail=1
    fi
}

printf 'SELECT * FROM t WHERE id=5;\r\n\n   \nselect a from b where c in (1, 2, 3)\nuse foo' >"$tmp/in.sql"
want=$'74F34FAAAB403184C4C6DC6695C38A4C\tselect * from t where id=?
FF62708E40DE2392F0D7FF9D45DFEF6E\tselect a from b where c in(?+)
DD749893CA4A219A6C099B0B73EA7633\tuse ?'
check "file" "$want" "$("$SLOWDEX" fingerprint "$tmp/in.sql")"
check "stdin" "$want" "$("$SLOWDEX" fingerprint <"$tmp/in.sql")"
check "stdin -" "$want" "$("$SLOWDEX" fingerprint - <"$tmp/in.sql")"

check "--query" $'45FE45AEC222350466825DDC008FFA89\tupdate d?tuningdetail_?_? n inner join d?gonzo a using(gonzo) set n.column? = a.column?, n.word? = a.word?' \
    "$("$SLOWDEX" fingerprint --query 'update db2.tuningdetail_21_265507 n inner join db1.gonzo a using(gonzo) set n.column1 = a.column1, n.word3 = a.word3')"
check "--match-embedded-numbers" "select c from db.catch22 where id is ?" \
    "$("$SLOWDEX" fingerprint --match-embedded-numbers --query 'SELECT c FROM db.catch22 WHERE id is null' | cut -f2)"
check "--match-md5-checksums" "select c from db.?_temp where id=?" \
    "$("$SLOWDEX" fingerprint --match-md5-checksums --query 'SELECT c FROM db.fbc5e685a5d3d45aa1d0347fdb7c4d35_temp where id=1' | cut -f2)"

cat >"$tmp/slow.log" <<'LOG'
# Time: 071218 11:48:27
# User@Host: [SQL_SLAVE] @  []
# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
use db1;
SET timestamp=1197996507;
SELECT id FROM users WHERE name = 'bob';
# User@Host: [SQL_SLAVE] @  []
# Query_time: 0.000012  Lock_time: 0.000000  Rows_sent: 0  Rows_examined: 0
SET timestamp=1197996507;
INSERT INTO t VALUES (1, 'a'), (2, 'b');
LOG
check "slow log" $'select id from users where name = ?\ninsert into t values(?+)' \
    "$("$SLOWDEX" fingerprint "$tmp/slow.log" | cut -f2)"

err=$("$SLOWDEX" fingerprint "$tmp/missing.log" 2>&1 >/dev/null); rc=$?
check "missing file: exit" 2 "$rc"
check "missing file: message" "slowdex fingerprint: $tmp/missing.log: No such file or directory" "$err"
"$SLOWDEX" fingerprint --query x "$tmp/in.sql" >/dev/null 2>&1; rc=$?
check "--query and FILE: exit" 2 "$rc"
"$SLOWDEX" fingerprint --bogus >/dev/null 2>&1; rc=$?
check "unknown option: exit" 2 "$rc"

[ $fail = 0 ] && echo "fingerprint_cli: all passed"
exit $fail
