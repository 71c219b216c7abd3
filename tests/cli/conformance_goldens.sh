#!/usr/bin/env bash
# Corpus conformance against pt-query-digest 3.5.7's expected outputs (its own test goldens): for
# each assertion made with options slowdex has, the same classes in the same order with the same
# Query IDs, counts and Query_time sums; the rest is skipped with the reason, and the goldens
# expected to differ are listed in tests/conformance/goldens-known-differences.tsv. Skips when
# ../shared or python3 is absent.
set -uo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
if [ ! -d "$SHARED/corpus" ]; then
    echo "SKIP: no corpus at $SHARED/corpus (the shared folder is absent)"
    exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
[ -x "${SLOWDEX:-}" ] || { echo "FAIL: \$SLOWDEX (${SLOWDEX:-unset}) is not an executable"; exit 1; }
exec python3 "$SRC/tests/conformance/compare_goldens.py" "$SLOWDEX" "$SHARED/corpus" \
    "$SRC/tests/conformance/goldens-known-differences.tsv"
