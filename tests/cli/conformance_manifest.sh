#!/usr/bin/env bash
# Corpus conformance: tests/conformance/manifest.tsv lists every file of ../shared/corpus exactly
# once, with a known kind and what slowdex must do with it (so a new corpus file cannot go untested
# and a removed one cannot leave a dead line). Skips when ../shared or python3 is absent.
set -uo pipefail
SRC=${SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
if [ ! -d "$SHARED/corpus" ]; then
    echo "SKIP: no corpus at $SHARED/corpus (the shared folder is absent)"
    exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
exec python3 "$SRC/tests/conformance/check_manifest.py" "$SHARED/corpus" \
    "$SRC/tests/conformance/manifest.tsv"
