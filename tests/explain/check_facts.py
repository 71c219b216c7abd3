#!/usr/bin/env python3
"""Checks tests/explain/corpus-facts.tsv: for each row (corpus file, plan index, table, fact,
expected value) runs `slowdex explain --format json` on the file and compares the fact of the first
access to that table in that plan. Lists are compared joined with ','; numbers as written."""
import json, subprocess, sys

slowdex, corpus, table = sys.argv[1:4]
cache, bad = {}, 0
for ln, row in enumerate(open(table, encoding="utf-8"), 1):
    if row.startswith("#") or not row.strip():
        continue
    f, plan, tab, fact, want = row.rstrip("\n").split("\t")
    if f not in cache:
        out = subprocess.run([slowdex, "explain", "--format", "json", corpus + "/" + f],
                             capture_output=True, check=True).stdout
        cache[f] = json.loads(out)["plans"]
    plans = cache[f]
    p = int(plan)
    acc = [t for t in plans[p - 1]["tables"] if t["table"] == tab] if p <= len(plans) else []
    if not acc:
        print(f"{table}:{ln}: {f} plan {plan}: no table {tab}")
        bad += 1
        continue
    v = acc[0][fact]
    got = ",".join(v) if isinstance(v, list) else ("null" if v is None else
          (str(v).lower() if isinstance(v, bool) else
           (("%g" % v) if isinstance(v, float) else str(v))))
    if got != want:
        print(f"{table}:{ln}: {f} plan {plan} {tab}.{fact}: got {got!r}, want {want!r}")
        bad += 1
sys.exit(1 if bad else 0)
