#!/usr/bin/env python3
"""Keeps tests/conformance/manifest.tsv complete and well-formed: every file under the corpus has
exactly one line, every line names an existing file, kinds are known, slow logs say how they must
parse (with a note when diagnostics are expected) and everything else is `skip` with a reason.
For a corpus file the manifest lacks, prints the line classify.py proposes.

Usage: check_manifest.py CORPUS_DIR [MANIFEST]"""
import os
import sys

import classify
import conflib


def corpus_files(corpus):
    found = set()
    for root, _dirs, files in os.walk(corpus):
        for name in files:
            found.add(os.path.relpath(os.path.join(root, name), corpus))
    return found


def check_line(path, kind, expect, note):
    """Problems of one manifest line, as messages."""
    bad = []
    if kind not in conflib.KINDS:
        bad.append('unknown kind %r' % kind)
    if kind in conflib.PARSE_KINDS:
        n = conflib.expected_diagnostics(expect)
        events = conflib.expected_events(expect)
        if n is None:
            bad.append('a log must expect parse or parse-with-diagnostics:N, not %r' % expect)
        elif kind == 'genlog' and (events is None or events < 0):
            bad.append('a general log must say how many statements it holds (,events:N), not %r'
                       % expect)
        elif kind != 'genlog' and events is not None:
            bad.append(',events:N is for general logs only')
        elif n > 0 and not note.strip():
            bad.append('parse-with-diagnostics needs a note saying why')
        if kind == 'slowlog-gz' and not path.endswith('.gz'):
            bad.append('slowlog-gz but the name does not end in .gz')
    elif expect != 'skip':
        bad.append('kind %s must expect skip, not %r' % (kind, expect))
    elif not note.strip():
        bad.append('skip needs a reason in the note')
    return bad


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    corpus = argv[1]
    manifest_path = argv[2] if len(argv) > 2 else conflib.MANIFEST
    failed = 0
    try:
        rows = conflib.read_tsv(manifest_path, 4)
    except (OSError, ValueError) as e:
        print('FAIL manifest: %s' % e)
        print('0 passed, 1 failed')
        return 1
    seen = {}
    bad_lines = set()
    for n, (path, kind, expect, note) in rows:
        if path in seen:
            print('FAIL %s: listed twice (lines %d and %d)' % (path, seen[path], n))
            bad_lines.add(path)
            failed += 1
        seen[path] = n
        for msg in check_line(path, kind, expect, note):
            print('FAIL %s (line %d): %s' % (path, n, msg))
            bad_lines.add(path)
            failed += 1
    files = corpus_files(corpus)
    for path in sorted(set(seen) - files):
        print('FAIL %s (line %d): in the manifest but not in the corpus' % (path, seen[path]))
        failed += 1
    for path in sorted(files - set(seen)):
        kind, expect, note = classify.classify(corpus, path)
        print('FAIL %s: not in the manifest; proposed line:\n  %s\t%s\t%s\t%s'
              % (path, path, kind, expect, note))
        failed += 1
    passed = len((set(seen) & files) - bad_lines)
    print('manifest: %d lines, %d corpus files' % (len(rows), len(files)))
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
