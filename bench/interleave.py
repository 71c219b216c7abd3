#!/usr/bin/env python3
"""Times `slowdex digest` in two configurations, alternating them run by run so that a drift of
the machine (other work, frequency, the VM's neighbours) falls on both alike, and prints the median
and the minimum of each, wall and CPU (user+sys of the child), with the difference in percent; and
the median of the runs' pairwise ratios ("paired"): run i of one configuration against run i of the
other, made one after the other, so that a slow spell of the machine weighs on both sides of a
ratio. On a shared VM it is the steadiest of the three. Last, the phases the digest times itself
(SLOWDEX_DEBUG_PHASES): the median of each, and what the first configuration adds outside the
reading of the log, which both do alike and which carries most of the machine's noise.

Usage: bench/interleave.py SLOWDEX INPUT THREADS RUNS NAME=OPTIONS NAME=OPTIONS
  e.g. bench/interleave.py build-bench/slowdex in.log 2 15 rules= none=--no-rules
The first configuration is compared with the second. Every run uses --no-config.
"""
import os
import resource
import statistics
import subprocess
import sys
import time


def run_once(slowdex, inp, threads, extra):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run([slowdex, "digest", "--no-config", "--threads", threads] + extra + [inp],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True,
                       env=dict(os.environ, SLOWDEX_DEBUG_PHASES="1"))
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    phases = {}
    for line in p.stderr.decode(errors="replace").splitlines():
        if line.startswith("slowdex digest: phases (ms):"):
            for item in line.split(":", 2)[2].split(","):
                name, ms = item.split()
                phases[name] = float(ms)
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime), phases


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__)
    slowdex, inp, threads, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    confs = []
    for arg in sys.argv[5:]:
        name, _, opts = arg.partition("=")
        confs.append((name, opts.split()))
    wall = {name: [] for name, _ in confs}
    cpu = {name: [] for name, _ in confs}
    phases = {name: [] for name, _ in confs}
    for i in range(runs):
        for name, extra in (confs if i % 2 == 0 else confs[::-1]):
            w, c, ph = run_once(slowdex, inp, threads, extra)
            wall[name].append(w)
            cpu[name].append(c)
            phases[name].append(ph)
    (a, _), (b, _) = confs
    for label, f in (("median", statistics.median), ("min", min)):
        wa, wb, ca, cb = f(wall[a]), f(wall[b]), f(cpu[a]), f(cpu[b])
        print(f"{threads:<8} {label:<7} {wa:10.3f} {wb:10.3f} {(wa / wb - 1) * 100:+9.1f}% "
              f"{ca:10.3f} {cb:10.3f} {(ca / cb - 1) * 100:+9.1f}%")
    pw = statistics.median(x / y for x, y in zip(wall[a], wall[b]))
    pc = statistics.median(x / y for x, y in zip(cpu[a], cpu[b]))
    print(f"{threads:<8} {'paired':<7} {'':10} {'':10} {(pw - 1) * 100:+9.1f}% "
          f"{'':10} {'':10} {(pc - 1) * 100:+9.1f}%")
    print_phases(threads, phases[a], phases[b], a, b)


def print_phases(threads, pa, pb, a, b):
    """The median of each phase (SLOWDEX_DEBUG_PHASES), and what the first configuration adds
    outside the reading of the log, which is the same work in both and most of the noise."""
    names = [n for n in (pa[0] if pa else {}) if all(n in x for x in pa + pb)]
    if not names:
        return
    med = {n: (statistics.median(x[n] for x in pa), statistics.median(x[n] for x in pb))
           for n in names}
    cells = ", ".join(f"{n} {med[n][0]:.1f}/{med[n][1]:.1f}" for n in names)
    print(f"{threads:<8} phases, median ms ({a}/{b}): {cells}")
    added = sum(x - y for n, (x, y) in med.items() if n != "read")
    total = sum(y for _, y in med.values())
    print(f"{threads:<8} {a} adds {added:.1f} ms outside the read phase: "
          f"{added / total * 100:+.1f}% of the {b} run's {total:.0f} ms (sum of phase medians)")


main()
