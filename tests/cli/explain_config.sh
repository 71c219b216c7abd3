#!/usr/bin/env bash
# slowdex explain and the configuration (docs/config.md): ignore.paths drops the findings of the
# plans read from an ignored input (counted as suppressed), ignore.tables those of an ignored plan
# table, by its name or as db.table with --db, as lint and digest do.
# Env: SLOWDEX (binary), SRC (repository).
set -euo pipefail
SLOWDEX=${SLOWDEX:?SLOWDEX must name the slowdex binary}
SRC=${SRC:?SRC must name the repository}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/slowdex-explain-config.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
caps=$SRC/fixtures/explain/mariadb-10.11
mkdir -p "$tmp/legacy"
cp "$caps/full_scan.table.txt" "$tmp/legacy/old.txt"
cp "$caps/full_scan.table.txt" "$tmp/new.txt"

# summary: rule ids of the remaining findings and the suppressed count
summary() {
    python3 -c '
import json, sys
d = json.load(sys.stdin)
rules = sorted(f["rule"] + ":" + str(f["subject"].get("table")) for p in d["plans"] for f in p["findings"])
print(" ".join(rules), "suppressed=%d" % d["summary"]["suppressed"])'
}
run() { (cd "$tmp" && "$SLOWDEX" explain --format json --severity-threshold none "$@") | summary; }

printf '{"version": 1}\n' > "$tmp/.slowdex.json"
got=$(run legacy/old.txt new.txt)
[[ $got == "PLN.FULL_TABLE_SCAN:orders PLN.FULL_TABLE_SCAN:orders suppressed=0" ]] || fail "no configuration: $got"

printf '{"version": 1, "ignore": {"paths": ["legacy/*"]}}\n' > "$tmp/.slowdex.json"
got=$(run legacy/old.txt new.txt)
[[ $got == "PLN.FULL_TABLE_SCAN:orders suppressed=1" ]] || fail "ignore.paths: $got"
got=$(run ./legacy/old.txt)
[[ $got == " suppressed=1" ]] || fail "ignore.paths with ./: $got"

printf '{"version": 1, "ignore": {"tables": ["ORDERS"]}}\n' > "$tmp/.slowdex.json"
got=$(run legacy/old.txt new.txt)
[[ $got == " suppressed=2" ]] || fail "ignore.tables by name: $got"

printf '{"version": 1, "ignore": {"tables": ["shop.orders"]}}\n' > "$tmp/.slowdex.json"
got=$(run new.txt)
[[ $got == "PLN.FULL_TABLE_SCAN:orders suppressed=0" ]] || fail "shop.orders without --db: $got"
got=$(run --db shop new.txt)
[[ $got == " suppressed=1" ]] || fail "shop.orders with --db shop: $got"
got=$(run --db other new.txt)
[[ $got == "PLN.FULL_TABLE_SCAN:orders suppressed=0" ]] || fail "shop.orders with --db other: $got"
echo "explain config: ok"
