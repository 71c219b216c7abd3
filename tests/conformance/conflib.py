"""Shared helpers of the corpus conformance tests (tests/cli/conformance_*.sh): reading the manifest
and the known-difference lists, running slowdex and pt-query-digest, and reducing their JSON to the
facts the tests compare (per class: Query ID, count, exact Query_time sum). Python 3 stdlib only."""
import concurrent.futures
import decimal
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
MANIFEST = os.path.join(HERE, 'manifest.tsv')
KINDS = ('slowlog', 'slowlog-gz', 'genlog', 'binlog', 'tcpdump', 'rawlog', 'explain',
         'expected-output', 'fingerprint-cases', 'sql', 'readme', 'license', 'other')
SLOWLOG_KINDS = ('slowlog', 'slowlog-gz')
# What digest reads: the slow logs, and the general logs (which also say how many statements).
PARSE_KINDS = SLOWLOG_KINDS + ('genlog',)


def read_tsv(path, ncols):
    """Rows of a tab-separated file whose first line that is not a comment is a header; '#' lines
    and blank lines are comments.
    Returns [(line_number, [fields])]; a row with the wrong field count raises ValueError."""
    rows, header = [], None
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line or line.startswith('#'):
                continue
            if header is None:
                header = line
                continue
            fields = line.split('\t')
            if len(fields) != ncols:
                raise ValueError('%s:%d: %d fields, want %d' % (path, n, len(fields), ncols))
            rows.append((n, fields))
    return rows


def read_manifest(path=MANIFEST):
    """{path: (kind, expect, note)} in file order (dicts keep insertion order)."""
    return {f[0]: (f[1], f[2], f[3]) for _n, f in read_tsv(path, 4)}


def split_expect(expect):
    """'parse,events:5' → ('parse', 5); without ',events:N' → (expect, None); a bad N → (expect, -1)."""
    head, sep, tail = expect.partition(',events:')
    if not sep:
        return expect, None
    return head, int(tail) if tail.isdigit() else -1


def expected_events(expect):
    """The statement count an expect field names (',events:N'), None when it names none."""
    return split_expect(expect)[1]


def expected_diagnostics(expect):
    """'parse' → 0, 'parse-with-diagnostics:N' → N (either with an ',events:N' suffix), anything
    else → None."""
    expect = split_expect(expect)[0]
    if expect == 'parse':
        return 0
    prefix = 'parse-with-diagnostics:'
    if expect.startswith(prefix) and expect[len(prefix):].isdigit():
        return int(expect[len(prefix):])
    return None


def read_known(path):
    """Known-difference lists: {(file, id_or_star): reason}. Query IDs are normalised."""
    known = {}
    for _n, (name, qid, reason) in read_tsv(path, 3):
        known[(name, qid if qid == '*' else norm_id(qid))] = reason
    return known


def norm_id(qid):
    """Query IDs as slowdex (32 hex), pt 3.2.1 JSON (32 hex) and pt 3.5.7 text (0x + 32 hex) write
    them → upper-case hex without 0x."""
    qid = (qid or '').strip()
    if qid[:2] in ('0x', '0X'):
        qid = qid[2:]
    return qid.upper()


def dec(v):
    """An exact decimal from a JSON number or string (None stays None)."""
    if v is None:
        return None
    return v if isinstance(v, decimal.Decimal) else decimal.Decimal(str(v))


def run(argv, timeout=120):
    """(exit status, stdout bytes, stderr text); status -1 on a timeout."""
    try:
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, b'', 'timed out after %ds' % timeout
    return p.returncode, p.stdout, p.stderr.decode('utf-8', 'replace')


def parse_json(data):
    """Parses JSON with exact decimals; returns (object, None) or (None, error text)."""
    try:
        return json.loads(data.decode('utf-8'), parse_float=decimal.Decimal), None
    except (ValueError, UnicodeDecodeError) as e:
        return None, str(e)


def slowdex_digest(slowdex, files, extra=()):
    """Runs `slowdex digest --format json` → (status, json or None, error text)."""
    argv = [slowdex, 'digest', '--format', 'json', '--no-progress'] + list(extra) + list(files)
    rc, out, err = run(argv)
    if rc != 0:
        return rc, None, 'exit %d: %s' % (rc, err.strip()[:300])
    doc, jerr = parse_json(out)
    if doc is None:
        return rc, None, 'invalid JSON: %s' % jerr
    return rc, doc, None


def slowdex_classes(doc):
    """slowdex JSON (docs/json-schema.md) → [(query_id, count, Query_time sum)] in rank order."""
    out = []
    for c in doc.get('classes', []):
        qt = c.get('metrics', {}).get('Query_time', {})
        out.append((norm_id(c.get('query_id')), int(c.get('count', 0)), dec(qt.get('sum'))))
    return out


def pt_classes(doc):
    """pt-query-digest JSON (3.2.1 and 3.5.7) → [(checksum, query_count, Query_time sum)]."""
    out = []
    for c in (doc or {}).get('classes', []):
        qt = c.get('metrics', {}).get('Query_time', {})
        out.append((norm_id(c.get('checksum')), int(c.get('query_count', 0)), dec(qt.get('sum'))))
    return out


def parallel(fn, items, jobs=None):
    """Maps fn over items with `jobs` worker threads (each runs a subprocess), keeping order."""
    jobs = jobs or int(os.environ.get('CONFORMANCE_JOBS', '2'))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        return list(ex.map(fn, items))


def compare_classes(ours, theirs):
    """Differences between two class lists as [(query_id, message)] (rank order ignored)."""
    diffs = []
    a = {q: (n, s) for q, n, s in ours}
    b = {q: (n, s) for q, n, s in theirs}
    if len(a) != len(ours):
        diffs.append(('*', 'slowdex reports a Query ID twice'))
    for q in b:
        if q not in a:
            diffs.append((q, 'class missing in slowdex (pt: count %d, Query_time sum %s)' % b[q]))
    for q in a:
        if q not in b:
            diffs.append((q, 'class only in slowdex (count %d, Query_time sum %s)' % a[q]))
        elif a[q][0] != b[q][0]:
            diffs.append((q, 'count: slowdex %d, pt %d' % (a[q][0], b[q][0])))
        elif a[q][1] != b[q][1]:
            diffs.append((q, 'Query_time sum: slowdex %s, pt %s' % (a[q][1], b[q][1])))
    return diffs
