#!/usr/bin/env python3
"""Proposes the kind of a corpus file from its content, for keeping tests/conformance/manifest.tsv
complete: conformance_manifest.sh prints a proposed manifest line for every corpus file the manifest
lacks. The manifest stays the truth (a person checks and annotates each line); this only guesses.

Usage: classify.py CORPUS_DIR [PATH...]   (paths relative to CORPUS_DIR; default: every file)
Prints `path<TAB>kind<TAB>expect<TAB>note` lines."""
import gzip
import os
import re
import sys

HEAD_BYTES = 256 * 1024

SLOW_HDR = re.compile(r'^# (Time: |User@Host: |Query_time: )', re.M)
GENLOG = re.compile(r'^(\d{6} +\d+:\d\d:\d\d\t|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+(Z|[+-]\d\d:\d\d)\s+|\t\t\s*)'
                    r'\d+ (Query|Connect|Init DB|Quit|Change user|Prepare|Execute)', re.M)
BINLOG = re.compile(r'^(# at \d+|#\d{6} [ \d]\d:\d\d:\d\d server id )', re.M)
TCPDUMP = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ IP \S+ > \S+: tcp', re.M)
PT_REPORT = re.compile(r'^# (Query \d+:|Overall:|Profile|Rank +Query ID|Item +|Attribute +total)', re.M)
EXPLAIN = re.compile(r'(select_type|"query_block"|-> [A-Z][a-z]+.*\(cost=|\(actual time=|EXPLAIN)', re.M)


def read_head(path):
    with open(path, 'rb') as f:
        data = f.read(HEAD_BYTES)
    if path.endswith('.gz'):
        with gzip.open(path, 'rb') as f:
            data = f.read(HEAD_BYTES)
    return data


def by_name(rel):
    base = os.path.basename(rel)
    if base in ('README.md', 'README'):
        return 'readme', 'skip', 'documentation of the corpus'
    if base == 'COPYING':
        return 'license', 'skip', 'license text'
    if base.startswith('fingerprint-cases') or rel.startswith('percona/fingerprint-huge/') \
            or '/pt-fingerprint/samples/' in rel:
        return 'fingerprint-cases', 'skip', 'fingerprint test cases (unit tests read them)'
    if base == 'pt-query-digest-goldens.tsv':
        return 'other', 'skip', 'manifest of the pt-query-digest goldens (conformance_goldens.sh reads it)'
    return None


def classify(corpus, rel):
    named = by_name(rel)
    if named:
        return named
    path = os.path.join(corpus, rel)
    data = read_head(path)
    gz = rel.endswith('.gz')
    if b'\0' in data[:4096]:
        return 'binlog', 'skip', 'binary log (raw); not read by this version'
    text = data.decode('utf-8', 'replace')
    if not text:
        return ('slowlog-gz' if gz else 'slowlog'), 'parse', 'empty file: no events'
    if rel.endswith(('.json', '.golden')) or PT_REPORT.search(text):
        return 'expected-output', 'skip', 'expected output of a tool'
    if TCPDUMP.search(text):
        return 'tcpdump', 'skip', 'tcpdump capture; not read by this version'
    if BINLOG.search(text):
        return 'binlog', 'skip', 'mysqlbinlog text output; not read by this version'
    if SLOW_HDR.search(text):
        return ('slowlog-gz' if gz else 'slowlog'), 'parse', ''
    if GENLOG.search(text):
        return 'genlog', 'parse,events:COUNT', 'general log: replace COUNT by its Query and Execute entries, counted by hand'
    if EXPLAIN.search(text):
        return 'explain', 'skip', 'EXPLAIN output; not read by digest'
    return 'other', 'skip', 'unrecognised content'


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    corpus = argv[1]
    rels = argv[2:]
    if not rels:
        for root, _dirs, files in os.walk(corpus):
            for name in files:
                rels.append(os.path.relpath(os.path.join(root, name), corpus))
        rels.sort()
    for rel in rels:
        kind, expect, note = classify(corpus, rel)
        print('%s\t%s\t%s\t%s' % (rel, kind, expect, note))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
