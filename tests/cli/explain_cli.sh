#!/usr/bin/env bash
# slowdex explain: the same statement pasted as a boxed table, a tab-separated batch, \G, TREE and
# JSON v1 gives the same facts; prompts and the query above a plan; a truncated JSON paste gives a
# line-numbered diagnostic and the plans before it; every EXPLAIN file of the format corpus is read
# without a crash, and the facts listed in tests/explain/corpus-facts.tsv come out of each form.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat > "$tmp/paste.txt" <<'P'
mysql> EXPLAIN SELECT * FROM t1 JOIN t2 ON t2.a = t1.a
    -> WHERE t1.b > 3 ORDER BY t1.c;
+----+-------------+-------+------------+------+---------------+------+---------+-----------+------+----------+-----------------------------------------------+
| id | select_type | table | partitions | type | possible_keys | key  | key_len | ref       | rows | filtered | Extra                                         |
+----+-------------+-------+------------+------+---------------+------+---------+-----------+------+----------+-----------------------------------------------+
|  1 | SIMPLE      | t1    | NULL       | ALL  | NULL          | NULL | NULL    | NULL      | 1000 |    33.33 | Using where; Using temporary; Using filesort  |
|  1 | SIMPLE      | t2    | NULL       | ref  | a,ab          | a    | 5       | test.t1.a |   10 |   100.00 | NULL                                          |
+----+-------------+-------+------------+------+---------------+------+---------+-----------+------+----------+-----------------------------------------------+
2 rows in set, 1 warning (0.00 sec)

id	select_type	table	partitions	type	possible_keys	key	key_len	ref	rows	filtered	Extra
1	SIMPLE	t1	NULL	ALL	NULL	NULL	NULL	NULL	1000	33.33	Using where; Using temporary; Using filesort
1	SIMPLE	t2	NULL	ref	a,ab	a	5	test.t1.a	10	100.00	NULL
P
"$SLOWDEX" explain --no-rules "$tmp/paste.txt" > "$tmp/out.txt" 2> "$tmp/err.txt" || fail "exit $?"
cat > "$tmp/want.txt" <<W
plan 1 (table, $tmp/paste.txt:3): SELECT * FROM t1 JOIN t2 ON t2.a = t1.a WHERE t1.b > 3 ORDER BY t1.c
  t1 #1 SIMPLE type=ALL key=NULL possible_keys=NULL rows=1000 filtered=33.33 [Using where; Using temporary; Using filesort]
  t2 #1 SIMPLE type=ref key=a key_len=5 ref=test.t1.a possible_keys=a,ab rows=10 filtered=100

plan 2 (batch, $tmp/paste.txt:11)
  t1 #1 SIMPLE type=ALL key=NULL possible_keys=NULL rows=1000 filtered=33.33 [Using where; Using temporary; Using filesort]
  t2 #1 SIMPLE type=ref key=a key_len=5 ref=test.t1.a possible_keys=a,ab rows=10 filtered=100
W
diff -u "$tmp/want.txt" "$tmp/out.txt" || fail "text form"
[ ! -s "$tmp/err.txt" ] || fail "diagnostics on a clean paste: $(cat "$tmp/err.txt")"

# a truncated JSON plan after a good TREE one: the TREE plan and a line-numbered diagnostic
printf '%s\n' '-> Filter: (t1.b > 3)  (cost=101 rows=333)' \
    '    -> Table scan on t1  (cost=101 rows=1000)' '' \
    '{' '  "query_block": {' '    "select_id": 1,' '    "table": {' > "$tmp/trunc.txt"
"$SLOWDEX" explain --format json "$tmp/trunc.txt" > "$tmp/out.json" 2> "$tmp/err.txt" ||
    fail "exit $? on a truncated paste"
python3 - "$tmp/out.json" "$tmp/trunc.txt" <<'PY' || fail "truncated JSON paste"
import json, sys
d = json.load(open(sys.argv[1]))
p = d["plans"]
assert len(p) == 1 and p[0]["form"] == "tree", p
t = p[0]["tables"][0]
assert (t["table"], t["access_type"], t["rows"], t["cost"], t["extra"], t["condition"]) == \
    ("t1", "ALL", 1000, 101, ["Using where"], "(t1.b > 3)"), t
assert "possible_keys" in t["lacks"] and "key_len" in t["lacks"] and "rows" not in t["lacks"], t
assert d["diagnostics"] == [sys.argv[2] + ":4: JSON plan is not closed (truncated?)",
                            sys.argv[2] + ":7: invalid or truncated JSON plan"], d["diagnostics"]
PY

# usage errors
if "$SLOWDEX" explain --format xml "$tmp/paste.txt" > /dev/null 2>&1; then fail "--format xml"; fi
if "$SLOWDEX" explain "$tmp/missing" > /dev/null 2>&1; then fail "missing file"; fi

# the format corpus: per-form facts
[ -d "$SHARED/corpus/formats" ] || { echo "SKIP: $SHARED/corpus/formats absent"; exit 77; }
python3 "$SRC/tests/explain/check_facts.py" "$SLOWDEX" "$SHARED/corpus/formats" \
    "$SRC/tests/explain/corpus-facts.tsv" || fail "corpus facts"
