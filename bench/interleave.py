#!/usr/bin/env python3
"""Times `slowdex digest` in two configurations, alternating them run by run so that a drift of
the machine (other work, frequency, the VM's neighbours) falls on both alike, and prints the median
and the minimum of each, wall and CPU (user+sys of the child), with the difference in percent; and
the median of the runs' pairwise ratios ("paired"): run i of one configuration against run i of the
other, made one after the other, so that a slow spell of the machine weighs on both sides of a
ratio. On a shared VM it is the steadiest of the three.

Usage: bench/interleave.py SLOWDEX INPUT THREADS RUNS NAME=OPTIONS NAME=OPTIONS
  e.g. bench/interleave.py build-bench/slowdex in.log 2 15 rules= none=--no-rules
The first configuration is compared with the second. Every run uses --no-config.
"""
import resource
import statistics
import subprocess
import sys
import time


def run_once(slowdex, inp, threads, extra):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([slowdex, "digest", "--no-config", "--threads", threads] + extra + [inp],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    t1 = time.perf_counter()
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


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
    for i in range(runs):
        for name, extra in (confs if i % 2 == 0 else confs[::-1]):
            w, c = run_once(slowdex, inp, threads, extra)
            wall[name].append(w)
            cpu[name].append(c)
    (a, _), (b, _) = confs
    for label, f in (("median", statistics.median), ("min", min)):
        wa, wb, ca, cb = f(wall[a]), f(wall[b]), f(cpu[a]), f(cpu[b])
        print(f"{threads:<8} {label:<7} {wa:10.3f} {wb:10.3f} {(wa / wb - 1) * 100:+9.1f}% "
              f"{ca:10.3f} {cb:10.3f} {(ca / cb - 1) * 100:+9.1f}%")
    pw = statistics.median(x / y for x, y in zip(wall[a], wall[b]))
    pc = statistics.median(x / y for x, y in zip(cpu[a], cpu[b]))
    print(f"{threads:<8} {'paired':<7} {'':10} {'':10} {(pw - 1) * 100:+9.1f}% "
          f"{'':10} {'':10} {(pc - 1) * 100:+9.1f}%")


main()
