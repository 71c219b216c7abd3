#!/usr/bin/env bash
# slowdex rules: lists the built-in catalog, takes --rules DIR overrides and additions, and fails
# with FILE:LINE:COLUMN on a broken rule file (exit 2, nothing listed).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$SLOWDEX" rules > "$tmp/list"
n=$(ls "$SRC"/rules/*.json | wc -l)
[ "$(wc -l < "$tmp/list")" -eq "$n" ] || { echo "expected $n rules"; cat "$tmp/list"; exit 1; }
grep -q '^QRY.SELECT_STAR  *notice  *statement  *SELECT \* reads every column$' "$tmp/list"

mkdir "$tmp/good"
cat > "$tmp/good/QRY.SELECT_STAR.json" <<'JSON'
{"id": "QRY.SELECT_STAR", "title": "mine", "severity": "info", "category": "query",
 "applies_to": "statement", "enabled": false, "condition": "true", "message": "m", "rationale": "r"}
JSON
cat > "$tmp/good/QRY.MY_OWN.json" <<'JSON'
{"id": "QRY.MY_OWN", "title": "my own rule", "severity": "warning", "category": "query",
 "applies_to": "statement", "condition": "query.kind == 'select'", "message": "m", "rationale": "r"}
JSON
"$SLOWDEX" rules --rules "$tmp/good" > "$tmp/list2"
[ "$(wc -l < "$tmp/list2")" -eq $((n + 1)) ]
grep -q '^QRY.SELECT_STAR  *info  *statement  *mine (disabled)$' "$tmp/list2"
grep -q '^QRY.MY_OWN  *warning  *statement  *my own rule$' "$tmp/list2"
"$SLOWDEX" rules --rules "$tmp/good" --format json > "$tmp/json"
grep -q '"source":	"'"$tmp"'/good/QRY.MY_OWN.json"' "$tmp/json"

mkdir "$tmp/bad"
printf '{"id": "QRY.BAD", "title": "t", "severity": "info", "category": "query",\n "applies_to": "statement", "condition": "query.kind == 5 and query.x =~ '"'"'(a'"'"'",\n "message": "m", "rationale": "r"}\n' > "$tmp/bad/QRY.BAD.json"
set +e
"$SLOWDEX" rules --rules "$tmp/bad" > "$tmp/out" 2> "$tmp/err"
rc=$?
set -e
[ "$rc" -eq 2 ] || { echo "exit $rc, expected 2"; exit 1; }
[ ! -s "$tmp/out" ] || { echo "listed despite a broken rule"; exit 1; }
want="slowdex rules: $tmp/bad/QRY.BAD.json:2:77: bad regular expression: missing closing parenthesis"
[ "$(cat "$tmp/err")" = "$want" ] || { echo "got: $(cat "$tmp/err")"; echo "want: $want"; exit 1; }

set +e
"$SLOWDEX" rules --format yaml 2> "$tmp/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "^slowdex rules: --format is text, json or markdown, not 'yaml'$" "$tmp/err"
echo "slowdex rules: ok"
