# Sourced by the tests/cli/conformance_*.sh wrappers: finds the source tree and ../shared, and skips
# (exit 77, with the reason) when the corpus or python3 is absent.
SRC=${SRC:-$(cd "$(dirname "${BASH_SOURCE[1]}")/../.." && pwd)}
SHARED=${SHARED:-$SRC/../shared}
if [ ! -d "$SHARED/corpus" ]; then
    echo "SKIP: no corpus at $SHARED/corpus (the shared folder is absent)"
    exit 77
fi
command -v python3 >/dev/null || { echo "SKIP: python3 is not installed"; exit 77; }
