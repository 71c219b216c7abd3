#!/usr/bin/env python3
"""Compares slowdex with the installed pt-query-digest on every slow and general log of the
manifest (general logs with --type genlog on both sides): both run
with JSON output and --limit 100%; per class the Query ID, the count and the exact Query_time sum
must match, both must report the same set of classes, and the same number of classes in all
(global unique count: it also covers the classes --limit 100% leaves out, those without Query_time
or with a zero sum). Differences listed in
pt-known-differences.tsv (file, Query ID or *, reason) are accepted; a listed difference that no
longer occurs fails, so the list stays true. Compressed logs are given to pt decompressed (a temp
file); slowdex reads them as they are. Nothing is cached.
General logs have no times: the Query IDs and counts are compared, not the sums. pt makes an
"administrator command: X" event of every entry that is not a Query (Connect, Quit, Init DB, ...);
slowdex counts statements only (Query and Execute entries, docs/nplus1.md), so those pt classes are
left out (also of pt's unique count). pt's "administrator command: Execute" is kept (slowdex reads
the executed statement instead: a difference to list).

Usage: compare_pt.py SLOWDEX CORPUS_DIR [MANIFEST [KNOWN]]"""
import gzip
import os
import shutil
import sys
import tempfile

import conflib

KNOWN = os.path.join(conflib.HERE, 'pt-known-differences.tsv')


def is_pt_genlog_admin(c):
    """A pt class of general-log entries that are no statement (GeneralLogParser's Admin events)."""
    q = ((c.get('example') or {}).get('query') or '')
    return q.startswith('administrator command: ') and q != 'administrator command: Execute'


def pt_digest(path, tmpdir, genlog):
    """pt-query-digest's classes for one log → ((classes, unique), None) or (None, error), where
    unique counts every class, also those --limit 100% leaves out (no Query_time, or a zero sum)."""
    if path.endswith('.gz'):
        plain = os.path.join(tmpdir, os.path.basename(path)[:-3])
        with gzip.open(path, 'rb') as src, open(plain, 'wb') as dst:
            shutil.copyfileobj(src, dst)
        path = plain
    rc, out, err = conflib.run(['pt-query-digest', '--output', 'json', '--limit', '100%'] +
                               (['--type', 'genlog'] if genlog else []) + [path])
    if rc != 0:
        return None, 'pt-query-digest exit %d: %s' % (rc, err.strip()[:200])
    if not out.strip():  # pt prints nothing at all when no event was read
        return ([], 0), None
    doc, jerr = conflib.parse_json(out)
    if doc is None:
        return None, 'pt-query-digest printed invalid JSON: %s' % jerr
    unique = doc.get('global', {}).get('unique_query_count')
    if genlog:
        admin = [c for c in doc.get('classes', []) if is_pt_genlog_admin(c)]
        doc['classes'] = [c for c in doc.get('classes', []) if not is_pt_genlog_admin(c)]
        unique = (unique or 0) - len(admin)
    return (conflib.pt_classes(doc), unique), None


def compare_one(args):
    """→ (path, [(query_id, message)], error or None)."""
    slowdex, corpus, path, kind, tmp_root = args
    full = os.path.join(corpus, path)
    genlog = kind == 'genlog'
    tmpdir = tempfile.mkdtemp(dir=tmp_root)
    try:
        theirs, perr = pt_digest(full, tmpdir, genlog)
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    _rc, doc, err = conflib.slowdex_digest(slowdex, [full], ['--limit', '100%'] +
                                           (['--type', 'genlog'] if genlog else []))
    if doc is None:
        return path, [], 'slowdex: ' + err
    if theirs is None:
        # pt crashes on a few pathological logs: that is a difference like any other.
        return path, [('*', perr)], None
    ours, pts = conflib.slowdex_classes(doc), theirs[0]
    if genlog:  # no times: Query IDs and counts only
        ours, pts = [c[:2] + (None,) for c in ours], [c[:2] + (None,) for c in pts]
    diffs = conflib.compare_classes(ours, pts)
    unique = doc.get('global', {}).get('unique')
    if unique != theirs[1]:
        diffs.append(('*', 'classes in all (reported or not): slowdex %s, pt %s' % (unique, theirs[1])))
    return path, diffs, None


def judge(path, diffs, known, used):
    """Splits a file's differences into accepted and unexplained ones."""
    bad = []
    for qid, msg in diffs:
        key = (path, qid) if (path, qid) in known else (path, '*')
        if key in known:
            used.add(key)
        else:
            bad.append((qid, msg))
    return bad


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    slowdex, corpus = argv[1], argv[2]
    manifest = conflib.read_manifest(argv[3] if len(argv) > 3 else conflib.MANIFEST)
    known = conflib.read_known(argv[4] if len(argv) > 4 else KNOWN)
    tmp_root = tempfile.mkdtemp(prefix='slowdex-conf-pt.')
    try:
        work = [(slowdex, corpus, p, k, tmp_root) for p, (k, _e, _n) in manifest.items()
                if k in conflib.PARSE_KINDS]
        results = conflib.parallel(compare_one, work)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    used, failed, accepted = set(), 0, 0
    for path, diffs, err in results:
        if err:
            print('FAIL %s: %s' % (path, err))
            failed += 1
            continue
        bad = judge(path, diffs, known, used)
        if diffs and not bad:
            accepted += 1
        for qid, msg in bad:
            print('FAIL %s %s: %s' % (path, qid, msg))
        failed += 1 if bad else 0
    listed = set(p for p, _q in known)
    for key in sorted(set(known) - used):
        if key[0] in manifest:
            print('FAIL %s %s: listed in pt-known-differences.tsv but no longer differs' % key)
        else:
            print('FAIL %s: listed in pt-known-differences.tsv but not a slow or general log of the manifest'
                  % key[0])
    stale = len(set(known) - used)
    print('pt-query-digest comparison: %d logs, %d with accepted known differences (%d listed files)'
          % (len(results), accepted, len(listed)))
    print('%d passed, %d failed' % (len(results) - failed, failed + stale))
    return 1 if failed or stale else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
