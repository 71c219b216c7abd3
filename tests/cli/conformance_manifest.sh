#!/usr/bin/env bash
# Corpus conformance: tests/conformance/manifest.tsv lists every file of ../shared/corpus exactly
# once, with a known kind and what slowdex must do with it (so a new corpus file cannot go untested
# and a removed one cannot leave a dead line). Skips when ../shared or python3 is absent.
set -uo pipefail
source "$(dirname "$0")/../conformance/preamble.sh"
exec python3 "$SRC/tests/conformance/check_manifest.py" "$SHARED/corpus" \
    "$SRC/tests/conformance/manifest.tsv"
