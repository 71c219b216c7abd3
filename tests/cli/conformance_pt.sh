#!/usr/bin/env bash
# Corpus conformance against the installed pt-query-digest (3.2.1 on Debian): for every slow log and
# general log (--type genlog; IDs and counts, no times; pt's admin-command classes of Connect, Quit,
# Init DB... left out)
# of tests/conformance/manifest.tsv, the same classes with the same Query IDs, counts and exact
# Query_time sums, except the differences listed with a reason in
# tests/conformance/pt-known-differences.tsv. Skips when ../shared, python3 or pt-query-digest is
# absent. Runs two logs at a time (CONFORMANCE_JOBS).
set -uo pipefail
source "$(dirname "$0")/../conformance/preamble.sh"
command -v pt-query-digest >/dev/null ||
    { echo "SKIP: pt-query-digest is not installed (apt-get install percona-toolkit)"; exit 77; }
[ -x "${SLOWDEX:-}" ] || { echo "FAIL: \$SLOWDEX (${SLOWDEX:-unset}) is not an executable"; exit 1; }
exec python3 "$SRC/tests/conformance/compare_pt.py" "$SLOWDEX" "$SHARED/corpus" \
    "$SRC/tests/conformance/manifest.tsv" "$SRC/tests/conformance/pt-known-differences.tsv"
