#!/usr/bin/env python3
"""Every slow and general log of the manifest must digest cleanly: `slowdex digest --format json
--limit 100%` exits 0, prints valid JSON, and reports exactly the number of diagnostics the manifest
expects (0 for `parse`, N for `parse-with-diagnostics:N`) and, for a general log, exactly its
statements (`,events:N`: Query and Execute entries, counted from the file, not from slowdex). The
type is detected, as digest does by default. One line per failing file, then a summary.

Usage: run_parse.py SLOWDEX CORPUS_DIR [MANIFEST]"""
import os
import sys

import conflib


def check(args):
    slowdex, corpus, path, expect = args
    want = conflib.expected_diagnostics(expect)
    rc, doc, err = conflib.slowdex_digest(slowdex, [os.path.join(corpus, path)], ['--limit', '100%'])
    if doc is None:
        return 'FAIL %s: %s' % (path, err)
    diags = doc.get('diagnostics', {})
    total = diags.get('total')
    if total != want:
        first = '; '.join(str(m) for m in (diags.get('first') or [])[:3])
        return 'FAIL %s: %s diagnostics, manifest expects %d%s' % (
            path, total, want, (' (' + first + ')') if first else '')
    events = conflib.expected_events(expect)
    count = doc.get('global', {}).get('count')
    if events is not None and count != events:
        return 'FAIL %s: %s statements, manifest expects %d' % (path, count, events)
    return None


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    slowdex, corpus = argv[1], argv[2]
    manifest = conflib.read_manifest(argv[3] if len(argv) > 3 else conflib.MANIFEST)
    work = [(slowdex, corpus, p, e) for p, (k, e, _n) in manifest.items()
            if k in conflib.PARSE_KINDS]
    results = conflib.parallel(check, work)
    failed = [r for r in results if r]
    for r in failed:
        print(r)
    print('%d passed, %d failed' % (len(results) - len(failed), len(failed)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
