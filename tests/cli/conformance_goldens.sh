#!/usr/bin/env bash
# Corpus conformance against pt-query-digest 3.5.7's expected outputs (its own test goldens): for
# each assertion made with options slowdex has (slow logs, and general logs with --type genlog), the
# same classes in the same order with the same
# Query IDs, counts and Query_time sums; the rest is skipped with the reason, and the goldens
# expected to differ are listed in tests/conformance/goldens-known-differences.tsv. Skips when
# ../shared or python3 is absent.
set -uo pipefail
source "$(dirname "$0")/../conformance/preamble.sh"
[ -x "${SLOWDEX:-}" ] || { echo "FAIL: \$SLOWDEX (${SLOWDEX:-unset}) is not an executable"; exit 1; }
exec python3 "$SRC/tests/conformance/compare_goldens.py" "$SLOWDEX" "$SHARED/corpus" \
    "$SRC/tests/conformance/goldens-known-differences.tsv"
