#!/usr/bin/env python3
"""Compares slowdex with the expected outputs of pt-query-digest 3.5.7's own test suite
(corpus/percona/t/pt-query-digest/samples/, the arguments of each in
corpus/percona/pt-query-digest-goldens.tsv). For each assertion made with options slowdex has
(default report, --limit, --order-by, --group-by fingerprint|db|user|host, --since/--until with
absolute times; slow logs, and general logs with --type genlog), slowdex runs with the same options and JSON output, and per class
the Query ID, the count and the Query_time sum must agree with the golden, in the same order:
* JSON goldens: checksum, query_count, metrics.Query_time.sum (exact);
* text goldens: the `# Query N: ... ID 0x... at byte N` (or `# Item N:`) headers with their
  `# Count` (exact) and `# Exec time` rows (total, as pt rounds it to a whole us/ms/s), the profile
  lines (Calls exact, Response time to pt's 4 decimals, the MISC line) and the `# Overall:` totals.
General logs: pt makes an "administrator command: X" event of every entry that is not a Query
(Connect, Quit, Init DB, ...), slowdex counts statements only (Query and Execute entries,
docs/nplus1.md); those pt classes are left out of the comparison (and out of its `# Overall:`
totals), every other class must agree. pt's "administrator command: Execute" is kept: slowdex reads
the executed statement instead, a difference listed in goldens-known-differences.tsv.
Other assertions are skipped with the reason. Assertions expected to differ are listed in
goldens-known-differences.tsv (golden, test line or *, reason); one that no longer differs fails.

Usage: compare_goldens.py SLOWDEX CORPUS_DIR [KNOWN]"""
import decimal
import json
import os
import re
import sys

import conflib

KNOWN = os.path.join(conflib.HERE, 'goldens-known-differences.tsv')
GOLDENS = 'percona/pt-query-digest-goldens.tsv'

# pt options that take a value, and those that only change how a report looks (never its classes).
WITH_VALUE = {'--report-format', '--limit', '--order-by', '--group-by', '--since', '--until',
              '--filter', '--type', '--output', '--explain', '--outliers', '--embedded-attributes',
              '--variations', '--run-time-mode', '--run-time', '--iterations', '--watch-server',
              '--expected-range', '--report-histogram', '--review', '--history', '--processlist'}
COSMETIC = {'--report-format', '--output', '--no-vertical-format', '--report-histogram',
            '--expected-range', '--variations'}
PASSED_ON = {'--limit', '--order-by', '--group-by', '--since', '--until',
             '--preserve-embedded-numbers'}
# Arguments pt-query-digest-goldens.tsv lost: t/pt-query-digest/issue_1604834.t line 30 runs with
# `@args = qw(--report-format=profile --limit=10 --preserve-embedded-numbers)`, but the extractor
# recorded the arguments of line 21.
ARG_FIXES = {('t/pt-query-digest/issue_1604834.t', '30'): ['--preserve-embedded-numbers']}
GROUPS = ('fingerprint', 'db', 'user', 'host')
# pt resolves these relative to the current time (or through MySQL): no fixed answer to compare.
RELATIVE_TIME = re.compile(r"^\d{1,5}[smhd]?$|INTERVAL|\(|^$")

UNITS = {'us': decimal.Decimal('0.000001'), 'ms': decimal.Decimal('0.001'),
         's': decimal.Decimal(1), '': decimal.Decimal(1)}


def parse_args(args):
    """pt's argument list → ({option: last value}, [inputs]); later options override earlier."""
    opts, inputs, i = {}, [], 0
    while i < len(args):
        a = args[i]
        if a.startswith('--'):
            name, eq, val = a.partition('=')
            if not eq and name in WITH_VALUE:
                i += 1
                val = args[i] if i < len(args) else ''
            opts[name] = val if (eq or name in WITH_VALUE) else True
        elif a:
            inputs.append(a)
        i += 1
    return opts, inputs


def translate(opts):
    """→ (slowdex options, None) or (None, why the assertion cannot be reproduced)."""
    kind = opts.get('--type', 'slowlog')
    if kind not in ('slowlog', 'genlog'):
        return None, '--type %s: slowdex reads slow and general logs only' % kind
    for name in opts:
        if name == '--type':
            continue
        if name not in COSMETIC and name not in PASSED_ON:
            return None, '%s has no slowdex equivalent' % name
    if opts.get('--output', 'report') not in ('report', 'json', 'json-anon'):
        return None, '--output %s has no slowdex equivalent' % opts['--output']
    out = ['--type', 'genlog'] if kind == 'genlog' else []
    for name in ('--limit', '--order-by', '--group-by', '--since', '--until',
                 '--preserve-embedded-numbers'):
        if name not in opts:
            continue
        val = opts[name]
        if val is True:
            out.append(name)
            continue
        if name == '--group-by' and val not in GROUPS:
            return None, '--group-by %s: slowdex groups by %s only' % (val, '|'.join(GROUPS))
        if name in ('--since', '--until') and RELATIVE_TIME.search(val.strip()):
            return None, '%s %r: pt resolves it against the current time or MySQL' % (name, val)
        out += [name, val]
    return out, None


def micro_total(text):
    """A report's time cell (`149ms`, `5us`, `2s`, `0`) → (value, unit size)."""
    m = re.match(r'^([\d.]+)(us|ms|s|)$', text)
    if not m:
        return None
    return decimal.Decimal(m.group(1)), UNITS[m.group(2)]


def parse_text_golden(text):
    """→ {'classes': [[id, count, exec_total]], 'profile': [[id, resp, calls]], 'misc': (resp,
    calls, items) or None, 'overall': (total, unique) or None}."""
    g = {'classes': [], 'profile': [], 'misc': None, 'overall': None, 'samples': {}}
    cur = None
    for line in text.splitlines():
        if cur is not None and line and not line.startswith('#') and cur[0] not in g['samples']:
            g['samples'][cur[0]] = line
        m = re.match(r'^# (?:Query|Item) \d+: .*\bID 0x([0-9A-Fa-f]+) at byte \d+', line)
        if m:
            cur = [conflib.norm_id(m.group(1)), None, None]
            g['classes'].append(cur)
            continue
        m = re.match(r'^# Overall: (\d+) total, (\d+) unique', line)
        if m:
            g['overall'] = (int(m.group(1)), int(m.group(2)))
            continue
        m = re.match(r'^# +\d+ 0x([0-9A-Fa-f]+) +([\d.]+) +[\d.]+% +(\d+) ', line)
        if m:
            g['profile'].append([conflib.norm_id(m.group(1)), decimal.Decimal(m.group(2)),
                                 int(m.group(3))])
            continue
        m = re.match(r'^# MISC 0xMISC +([\d.]+) +[\d.]+% +(\d+) .*<(\d+) ITEMS>', line)
        if m:
            g['misc'] = (decimal.Decimal(m.group(1)), int(m.group(2)), int(m.group(3)))
            continue
        if cur is None:
            continue
        m = re.match(r'^# Count +\d+ +(\d+)', line)
        if m and cur[1] is None:
            cur[1] = int(m.group(1))
        m = re.match(r'^# Exec time +\d+ +(\S+)', line)
        if m and cur[2] is None:
            cur[2] = m.group(1)
    return g


# pt's classes of general-log entries that are no statement (GeneralLogParser's 'Admin' events).
PT_GENLOG_ADMIN = re.compile(r'^administrator command: (?!Execute\\G$)')


def drop_genlog_admin(g):
    """Leaves out of a text golden of a general log pt's classes of entries that are no statement."""
    admin = {qid for qid, sample in g['samples'].items() if PT_GENLOG_ADMIN.match(sample)}
    if not admin:
        return g
    gone = [c for c in g['classes'] if c[0] in admin]
    g['classes'] = [c for c in g['classes'] if c[0] not in admin]
    g['profile'] = [p for p in g['profile'] if p[0] not in admin]
    if g['overall']:
        g['overall'] = (g['overall'][0] - sum(c[1] or 0 for c in gone),
                        g['overall'][1] - len(gone))
    return g


def near(ours, golden_text):
    """Whether an exact sum agrees with a report cell rounded to a whole unit."""
    cell = micro_total(golden_text)
    if cell is None:
        return False
    value, unit = cell
    return abs((ours or 0) - value * unit) <= unit


def compare_text(g, doc):
    """Differences between a text golden and slowdex's JSON, as messages."""
    ours = conflib.slowdex_classes(doc)
    diffs = []
    if g['classes']:
        want = [c[0] for c in g['classes']]
        if [c[0] for c in ours] != want:
            diffs.append('classes: slowdex %s, golden %s' % ([c[0] for c in ours], want))
        by_id = {c[0]: c for c in ours}
        for qid, count, exec_total in g['classes']:
            c = by_id.get(qid)
            if c is None:
                continue
            if count is not None and c[1] != count:
                diffs.append('%s count: slowdex %d, golden %d' % (qid, c[1], count))
            if exec_total is not None and not near(c[2], exec_total):
                diffs.append('%s Query_time sum: slowdex %s, golden "# Exec time" %s'
                             % (qid, c[2], exec_total))
    if g['profile']:
        want = [p[0] for p in g['profile']]
        if [c[0] for c in ours] != want:
            diffs.append('profile: slowdex %s, golden %s' % ([c[0] for c in ours], want))
        by_id = {c[0]: c for c in ours}
        for qid, resp, calls in g['profile']:
            c = by_id.get(qid)
            if c is None:
                continue
            if c[1] != calls:
                diffs.append('%s profile Calls: slowdex %d, golden %d' % (qid, c[1], calls))
            if abs((c[2] or 0) - resp) > decimal.Decimal('0.00005'):
                diffs.append('%s profile Response time: slowdex %s, golden %s' % (qid, c[2], resp))
    diffs += compare_misc_overall(g, doc)
    return diffs


def compare_misc_overall(g, doc):
    diffs = []
    misc = doc.get('misc') or {}
    if g['misc']:
        resp, calls, items = g['misc']
        if (misc.get('count'), misc.get('classes')) != (calls, items):
            diffs.append('MISC: slowdex %s events in %s classes, golden %d in %d'
                         % (misc.get('count'), misc.get('classes'), calls, items))
    elif g['profile'] and misc.get('classes'):
        diffs.append('MISC: slowdex has %s more classes, the golden none' % misc.get('classes'))
    if g['overall']:
        glob = doc.get('global') or {}
        if (glob.get('count'), glob.get('unique')) != g['overall']:
            diffs.append('Overall: slowdex %s total, %s unique; golden %d, %d'
                         % ((glob.get('count'), glob.get('unique')) + g['overall']))
    return diffs


def compare_json(text, doc):
    if not text.strip():
        want = []
    else:
        gdoc, err = conflib.parse_json(text.encode('utf-8'))
        if gdoc is None:
            return ['golden is not JSON: %s' % err]
        want = conflib.pt_classes(gdoc)
    ours = conflib.slowdex_classes(doc)
    diffs = ['%s: %s' % d for d in conflib.compare_classes(ours, want)]
    if not diffs and [c[0] for c in ours] != [c[0] for c in want]:
        diffs.append('order: slowdex %s, golden %s' % ([c[0] for c in ours], [c[0] for c in want]))
    return diffs


def check(args):
    """One assertion → (status, message): status is pass, fail or skip."""
    slowdex, corpus, row = args
    _test, _line, golden, args_json, _post, result = row
    if result.startswith('not-run'):
        return 'skip', 'needs a live MySQL server (%s)' % result
    opts, inputs = parse_args(json.loads(args_json) + ARG_FIXES.get((_test, _line), []))
    extra, why = translate(opts)
    if why:
        return 'skip', why
    files = [os.path.join(corpus, 'percona', p) for p in inputs]
    _rc, doc, err = conflib.slowdex_digest(slowdex, files, extra)
    if doc is None:
        return 'fail', 'slowdex %s: %s' % (' '.join(extra), err)
    with open(os.path.join(corpus, 'percona', golden), encoding='utf-8', errors='replace') as f:
        text = f.read()
    if opts.get('--output') in ('json', 'json-anon'):
        diffs = compare_json(text, doc)
    else:
        g = parse_text_golden(text)
        diffs = compare_text(drop_genlog_admin(g) if opts.get('--type') == 'genlog' else g, doc)
    return ('fail', '; '.join(diffs)) if diffs else ('pass', '')


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    slowdex, corpus = argv[1], argv[2]
    known = read_known(argv[3] if len(argv) > 3 else KNOWN)
    rows = [f for _n, f in conflib.read_tsv(os.path.join(corpus, GOLDENS), 6)]
    results = conflib.parallel(check, [(slowdex, corpus, r) for r in rows])
    counts = {'pass': 0, 'fail': 0, 'skip': 0}
    used = set()
    for row, (status, msg) in zip(rows, results):
        name = '%s (%s:%s)' % (row[2], row[0], row[1])
        key = next((k for k in ((row[2], row[1]), (row[2], '*')) if k in known), None)
        if status == 'fail' and key:
            used.add(key)
            status, msg = 'skip', 'known difference: %s' % known[key]
        elif status == 'pass' and key:
            used.add(key)
            status, msg = 'fail', 'listed in goldens-known-differences.tsv but agrees now'
        counts[status] += 1
        if status != 'pass':
            print('%s %s: %s' % (status.upper(), name, msg))
    for key in sorted(set(known) - used):
        print('FAIL %s line %s: listed in goldens-known-differences.tsv, no such assertion run' % key)
        counts['fail'] += 1
    print('%d passed, %d failed, %d skipped' % (counts['pass'], counts['fail'], counts['skip']))
    return 1 if counts['fail'] else 0


def read_known(path):
    """{(golden path, test line or *): reason}."""
    return {(g, line): reason for _n, (g, line, reason) in conflib.read_tsv(path, 3)}


if __name__ == '__main__':
    sys.exit(main(sys.argv))
