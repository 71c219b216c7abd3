#!/usr/bin/env python3
"""Synthetic MySQL 5.7/8.0 slow log for the benchmarks: many events over many distinct query classes.

The real corpus repeated to 500 MB has only a few hundred classes; this log stresses the class table
(memory, hashing) instead. Class k (0 <= k < --classes) is a pure function of k: its statement shape,
table names and columns are built from words made of letters only, because fingerprints turn digits
(even inside words: tbl1 -> tbl?) into ?, so only letters can make classes differ. Every class appears
at least once; the remaining events are drawn with a heavy head (a few classes are most of the log),
so --events 300000 and --events 600000 hold exactly the same classes. Output is deterministic for a
given --seed (Python's random is stable across versions for random()/shuffle with an int seed).
"""
import argparse
import random
import sys
import time

# Table and column words. Letters only; 100 × 100 table names × 10 shapes = 100,000 classes.
WORDS = """
account address agent alert archive asset audit badge balance basket batch bill block booking brand
budget bundle cache campaign card cart catalog category channel charge claim client comment company
contact contract coupon course credit customer dataset deal delivery device discount document domain
draft employee entry event expense feature feed file folder forecast grant group invoice issue item
journal label lead ledger license listing location lookup member message meter metric module note
offer order owner package page partner payment permit plan policy post price product profile project
promo quote rating receipt record refund region release report request review role route sale
schedule """.split()
COLUMNS = """
id status created updated name title email code amount total price qty kind state owner flag score
level rank label note weight height width color city zip country phone parent ref token hash slug
version source target priority deadline budget""".split()
USERS = ["app", "api", "batch", "report", "admin", "etl", "web", "cron"]
DBS = ["shop", "billing", "crm", "analytics", "inventory"]
NSHAPES = 10


def class_spec(k):
    """Everything about class k that shows in its fingerprint: shape, two tables, its columns."""
    w = len(WORDS)
    t1 = WORDS[k % w] + "_" + WORDS[(k // w) % w]
    t2 = WORDS[(k * 7 + 3) % w] + "_" + WORDS[(k // 3) % w] + "_link"
    shape = (k // (w * w)) % NSHAPES
    crng = random.Random(k * 2654435761 % (1 << 32))
    cols = crng.sample(COLUMNS, crng.randint(2, 6))
    return shape, t1, t2, cols


def lit(rng):
    """A literal whose value varies per event (fingerprinted to ?)."""
    if rng.random() < 0.3:
        return "'%s%d'" % (rng.choice(WORDS), rng.randrange(100000))
    return str(rng.randrange(1, 10000000))


def statement(k, rng):
    shape, t1, t2, c = class_spec(k)
    cl = ", ".join(c)
    if shape == 0:
        return "SELECT %s FROM %s WHERE %s = %s" % (cl, t1, c[0], lit(rng))
    if shape == 1:
        return ("SELECT %s FROM %s WHERE %s = %s AND %s > %d ORDER BY %s DESC LIMIT %d" %
                (cl, t1, c[0], lit(rng), c[1], rng.randrange(1000), c[-1], rng.randrange(1, 500)))
    if shape == 2:
        return ("SELECT a.%s, b.%s\n  FROM %s a\n  JOIN %s b ON b.%s = a.id\n WHERE b.%s = %s" %
                (c[0], c[-1], t1, t2, c[1], c[-1], lit(rng)))
    if shape == 3:
        vals = ",".join(str(rng.randrange(100000)) for _ in range(rng.randint(1, 20)))
        return "SELECT COUNT(*) FROM %s WHERE %s IN (%s)" % (t1, c[0], vals)
    if shape == 4:
        rows = ",".join("(" + ",".join(lit(rng) for _ in c) + ")" for _ in range(rng.randint(1, 5)))
        return "INSERT INTO %s (%s) VALUES %s" % (t1, cl, rows)
    if shape == 5:
        return ("UPDATE %s SET %s = %s, %s = NOW() WHERE id = %d" %
                (t1, c[0], lit(rng), c[1], rng.randrange(1, 10 ** 9)))
    if shape == 6:
        return "DELETE FROM %s WHERE %s < %s LIMIT %d" % (t1, c[0], lit(rng), rng.randrange(1, 10000))
    if shape == 7:
        lo = rng.randrange(10 ** 6)
        return ("SELECT %s, SUM(%s) FROM %s WHERE %s BETWEEN %d AND %d GROUP BY %s" %
                (c[0], c[1], t1, c[-1], lo, lo + rng.randrange(1000), c[0]))
    if shape == 8:
        return "REPLACE INTO %s (%s) VALUES (%s)" % (t1, cl, ",".join(lit(rng) for _ in c))
    return ("SELECT %s FROM %s WHERE %s IN (SELECT %s FROM %s WHERE %s = %s) FOR UPDATE" %
            (cl, t1, c[0], c[1], t2, c[-1], lit(rng)))


def event_classes(nevents, nclasses, rng):
    """Each class once, the rest skewed towards low class numbers, all shuffled."""
    ks = list(range(min(nclasses, nevents)))
    ks += [int(nclasses * rng.random() ** 3) for _ in range(nevents - len(ks))]
    rng.shuffle(ks)
    return ks


def write_event(out, k, ts, thread_id, rng, db_state):
    iso = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(int(ts))) + ".%06dZ" % int(ts % 1 * 1e6)
    user = USERS[k % len(USERS)]
    host = "10.%d.%d.%d" % (k % 4, rng.randrange(256), rng.randrange(1, 255))
    qt = rng.expovariate(1 / 0.05) + 0.0001 * (k % 97)
    rows_exam = rng.randrange(0, 200000)
    parts = ["# Time: %s\n" % iso,
             "# User@Host: %s[%s] @  [%s]  Id: %6d\n" % (user, user, host, thread_id),
             "# Query_time: %.6f  Lock_time: %.6f Rows_sent: %d  Rows_examined: %d\n" %
             (qt, rng.random() * 0.001, rng.randrange(0, 1000), rows_exam)]
    if db_state[0] is None or rng.random() < 0.02:
        # MySQL writes "use" only when the db differs from the previous event's; keep it occasional
        db_state[0] = rng.choice(DBS)
        parts.append("use %s;\n" % db_state[0])
    parts.append("SET timestamp=%d;\n" % int(ts))
    parts.append(statement(k, rng) + ";\n")
    out.write("".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=300000)
    ap.add_argument("--classes", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=20240510)
    ap.add_argument("-o", "--output", default="-")
    a = ap.parse_args()
    if a.classes > len(WORDS) ** 2 * NSHAPES or a.classes < 1 or a.events < 0:
        sys.exit("gen-synth: --classes must be 1..%d" % (len(WORDS) ** 2 * NSHAPES))
    rng = random.Random(a.seed)
    out = sys.stdout if a.output == "-" else open(a.output, "w", encoding="ascii")
    ts = 1714521600.0  # 2024-05-01T00:00:00Z
    db_state = [None]
    with out:
        for k in event_classes(a.events, a.classes, rng):
            ts += rng.expovariate(10.0)
            write_event(out, k, ts, 1000 + rng.randrange(5000), rng, db_state)


if __name__ == "__main__":
    main()
