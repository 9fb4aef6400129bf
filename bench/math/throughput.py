#!/usr/bin/env python3
"""Measures `assay math grade` throughput on a large file of typical answers.

Generates LINES JSON lines of short, typical math answers (integers, fractions,
decimals, GSM8K '####' lines; about 60% correct, written in varied forms) with a
fixed seed, then runs `ASSAY math grade FILE --output OUT --jobs J` for each J and
reports pairs per second from the wall clock (process start-up, JSON parsing and
writing included). Checks that every input line got an output line.

Usage: throughput.py ASSAY_BINARY OUT.json [--lines N] [--jobs 1,2] [--tmp DIR]
stdlib only.
"""

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

REASONS = [
    "We add the two quantities and simplify.",
    "Multiplying the number of rows by the number of columns gives the total.",
    "Subtracting the amount spent from the starting amount leaves the rest.",
    "Let x be the unknown; solving the linear equation gives the value.",
    "The probability is the number of favourable outcomes over the total.",
    "Dividing both sides by the coefficient isolates the variable.",
]


def latex_fraction(q, style):
    n, d = q.numerator, q.denominator
    sign = "-" if n < 0 else ""
    n = abs(n)
    if style == 0:
        return "%s\\frac{%d}{%d}" % (sign, n, d)
    if style == 1:
        return "%s\\dfrac{%d}{%d}" % (sign, n, d)
    return "%s%d/%d" % (sign, n, d)


def make_pair(rng, i):
    kind = rng.random()
    correct = rng.random() < 0.6
    reason = rng.choice(REASONS)
    if kind < 0.45:  # integer, MATH-style boxed
        g = rng.randint(-50, 5000)
        a = g if correct else g + rng.choice([-10, -1, 1, 2, 100])
        return {"id": "t%d" % i, "gold": str(g),
                "completion": "%s So the result is %d.\n\nTherefore, the answer is $\\boxed{%d}$." % (reason, a, a)}
    if kind < 0.75:  # fraction
        q = Fraction(rng.randint(-30, 60), rng.randint(2, 24))
        if q.denominator == 1:
            q += Fraction(1, 7)
        a = q if correct else q + Fraction(1, rng.randint(2, 9))
        # sometimes unreduced or decimal when exact
        if correct and rng.random() < 0.3:
            k = rng.randint(2, 5)
            ans = "\\frac{%d}{%d}" % (a.numerator * k, a.denominator * k)
        else:
            ans = latex_fraction(a, rng.randint(0, 2))
        return {"id": "t%d" % i, "gold": latex_fraction(q, 0),
                "completion": "%s\n\n**Final Answer**\n\\[\n\\boxed{%s}\n\\]" % (reason, ans)}
    if kind < 0.85:  # decimal
        g = Fraction(rng.randint(1, 99999), 100)
        a = g if correct else g + Fraction(1, 100)
        return {"id": "t%d" % i, "gold": "%.2f" % float(g),
                "completion": "%s The final answer is $\\boxed{%s}$." % (reason, "%.2f" % float(a))}
    g = rng.randint(1, 200000)  # GSM8K
    a = g if correct else g * 10
    return {"id": "t%d" % i, "gold": "{:,}".format(g) if g >= 1000 else str(g),
            "completion": "%s\n%d * 1 = <<%d*1=%d>>%d\n#### %d" % (reason, a, a, a, a, a)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("assay")
    ap.add_argument("out")
    ap.add_argument("--lines", type=int, default=200000)
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--tmp", default=None)
    args = ap.parse_args()
    jobs = [int(j) for j in args.jobs.split(",")]
    tmp = tempfile.mkdtemp(prefix="assay-math-throughput-", dir=args.tmp)
    src = os.path.join(tmp, "typical.jsonl")
    rng = random.Random(20240603)
    with open(src, "w", encoding="utf-8") as f:
        for i in range(args.lines):
            f.write(json.dumps(make_pair(rng, i)) + "\n")
    runs = []
    for j in jobs:
        out = os.path.join(tmp, "out-jobs%d.jsonl" % j)
        t0 = time.perf_counter()
        proc = subprocess.run([args.assay, "math", "grade", src, "--output", out, "--jobs", str(j)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.stderr.write("throughput.py: assay exited %d:\n%s\n" % (proc.returncode, proc.stderr[-2000:]))
            return 1
        verdicts = {}
        n_out = 0
        with open(out, encoding="utf-8") as f:
            for line in f:
                n_out += 1
                v = json.loads(line).get("verdict")
                verdicts[v] = verdicts.get(v, 0) + 1
        if n_out != args.lines:
            sys.stderr.write("throughput.py: %d output lines for %d input lines\n" % (n_out, args.lines))
            return 1
        runs.append({"jobs": j, "seconds": round(seconds, 3), "pairs_per_s": args.lines / seconds,
                     "verdicts": verdicts, "stderr_tail": proc.stderr.strip().splitlines()[-3:]})
        os.remove(out)
    os.remove(src)
    os.rmdir(tmp)
    machine = "%s, %d CPUs" % (platform.machine(), os.cpu_count() or 0)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"lines": args.lines, "runs": runs, "machine": machine}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
