#!/usr/bin/env bash
# Parallel digests equal the single-threaded one byte for byte: --threads 1 against --threads T
# --chunk-size N (small N forces a chunk per thread, at cut points that move with T and N), on
#  (1) a crafted log whose cuts fall inside multi-line literals full of fake '# Time:'/'# User@Host:'
#      /'use' lines after a ';' line end (bench/gen-tricky) — the test first checks that a naive split
#      there really is wrong, so the guesses must be refuted and the chunks parsed again;
#  (2) the real slow logs of ../shared/corpus (bench/corpus-files.txt) concatenated to ~20 MB.
# Part (1) always runs; part (2) skips (77) when ../shared is absent, after (1) passed.
set -uo pipefail
fail() { echo "FAIL: $*"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# digest OUT ARGS...: a full JSON or text report (every class) into OUT.
digest() {
    local out=$1; shift
    "$SLOWDEX" digest --no-progress --limit 100% "$@" > "$out" 2> "$tmp/err" ||
        fail "slowdex digest $* exited $?: $(head -3 "$tmp/err")"
}

# same FILE FORMAT THREADS... CHUNKS...: each threads×chunk-size run equals --threads 1.
same() {
    local file=$1 fmt=$2 t n; shift 2
    local -a threads=() chunks=()
    while [ "$1" != -- ]; do threads+=("$1"); shift; done
    shift
    chunks=("$@")
    digest "$tmp/ref.$fmt" --format "$fmt" --threads 1 "$file"
    [ -s "$tmp/ref.$fmt" ] || fail "empty reference report for $file"
    for t in "${threads[@]}"; do
        for n in "${chunks[@]}"; do
            digest "$tmp/par.$fmt" --format "$fmt" --threads "$t" --chunk-size "$n" "$file"
            cmp -s "$tmp/ref.$fmt" "$tmp/par.$fmt" || {
                diff "$tmp/ref.$fmt" "$tmp/par.$fmt" | head -20
                fail "$(basename "$file") $fmt: --threads $t --chunk-size $n differs from --threads 1"
            }
        done
    done
}

# Offset where a naive splitter would cut FILE in two: the first '# Time:'/'# User@Host:' line at or
# after the middle whose previous line ends with ';' (what a boundary guess looks for).
naive_cut() {
    awk -v mid="$(($(stat -c %s "$1") / 2))" '
        { if (off >= mid && /^# (Time:|User@Host:)/ && prev ~ /;$/) { print off; exit }
          off += length($0) + 1; prev = $0 }' "$1"
}

# (1) The crafted file. A naive cut at its middle falls inside a literal: digesting the two halves
# separately counts fake events (user "fake") that the whole file does not have.
bash "$SRC/bench/gen-tricky" 150 > "$tmp/tricky.log" || fail "gen-tricky"
cut=$(naive_cut "$tmp/tricky.log")
[ -n "$cut" ] || fail "no naive cut point in the tricky file"
head -c "$cut" "$tmp/tricky.log" > "$tmp/first.log"
tail -c +"$((cut + 1))" "$tmp/tricky.log" > "$tmp/second.log"
digest "$tmp/whole.txt" --group-by user "$tmp/tricky.log"
digest "$tmp/halves.txt" --group-by user "$tmp/first.log" "$tmp/second.log"
grep -Eq '^# (Query|Item) .*\bfake\b|^fake\b| fake$' "$tmp/halves.txt" ||
    fail "a naive split of the tricky file should expose fake events (the test file is not tricky)"
grep -Eq '^# (Query|Item) .*\bfake\b|^fake\b| fake$' "$tmp/whole.txt" &&
    fail "the whole tricky file has a class for user fake: literals were split"
for fmt in json text; do
    same "$tmp/tricky.log" "$fmt" 2 3 5 8 -- 1000 60000 100000 200000 300000
done
echo "tricky file: parallel == single-threaded (json, text; threads 2 3 5 8; 5 chunk sizes)"

# (2) The real corpus, ~20 MB.
if [ ! -d "$SHARED/corpus" ]; then
    echo "SKIP: corpus part: no shared corpus at $SHARED/corpus"
    exit 77
fi
while IFS= read -r f; do
    case $f in *.gz) gzip -dc -- "$SHARED/corpus/$f" ;; *) cat -- "$SHARED/corpus/$f" ;; esac
    [ -z "$(case $f in *.gz) gzip -dc -- "$SHARED/corpus/$f" ;; *) cat -- "$SHARED/corpus/$f" ;; esac |
            tail -c1 | tr -d '\n')" ] || echo
done < "$SRC/bench/corpus-files.txt" > "$tmp/once.log" || fail "reading the corpus"
for _ in 1 2 3 4 5; do cat "$tmp/once.log"; done > "$tmp/corpus.log"
same "$tmp/corpus.log" json 2 3 8 -- 100000 1000000
echo "corpus ($(($(stat -c %s "$tmp/corpus.log") / 1000000)) MB): parallel == single-threaded"
