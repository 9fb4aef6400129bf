#!/usr/bin/env python3
"""Compares graders' verdicts with the hand labels and prints one table.

Reads the labelled file (id, category, gold, completion, expected, note) and one
result file per grader (JSON lines in input order with at least `verdict` and
`elapsed_us`; `id` is checked against the label when present).

Definitions (reward = 1 when the verdict is "equal", else 0):
  accuracy (3-way)   verdict == label exactly (equal / not_equal / unparseable).
  accuracy (reward)  (verdict == equal) == (label == equal): what an RL reward sees.
  false positive     said equal, label not_equal or unparseable (reward 1 that should be 0).
  false negative     said anything else, label equal (reward 0 that should be 1).
  wrong verdicts     false positives + false negatives.
  time per pair      median and p90 (nearest rank) of `elapsed_us`.
  speed ratio        first grader's median / each other grader's median.

Writes, per grader, the wrong verdicts to OUT_DIR/wrong-<name>.txt (reward-level
errors first, then 3-way-only mismatches).

Usage: compare.py --labels FILE --result NAME=FILE [--result NAME=FILE ...]
                  [--throughput FILE] [--out-dir DIR] [--title TEXT]
stdlib only.
"""

import argparse
import json
import math
import os
import sys


class InputError(Exception):
    pass


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError("%s:%d: not JSON: %s" % (path, n, exc))
    return rows


def nearest_rank(sorted_values, q):
    if not sorted_values:
        return float("nan")
    k = max(1, math.ceil(q * len(sorted_values)))
    return sorted_values[k - 1]


def fmt_us(us):
    if us != us:  # nan
        return "n/a"
    if us >= 1000:
        return "%.2f ms" % (us / 1000)
    return "%.1f us" % us


def score(name, labels, results):
    if len(results) != len(labels):
        raise InputError("%s: %d result lines for %d labelled pairs" % (name, len(results), len(labels)))
    s = {"name": name, "n": len(labels), "exact": 0, "reward_ok": 0, "fp": 0, "fn": 0,
         "times": [], "wrong": [], "mismatch3": [], "by_cat": {}, "verdicts": {}}
    for lab, res in zip(labels, results):
        if "id" in res and res["id"] is not None and res["id"] != lab["id"]:
            raise InputError("%s: result id %r where the label has %r (order must match)" % (name, res["id"], lab["id"]))
        if "verdict" not in res:
            raise InputError("%s: result for %s has no verdict" % (name, lab["id"]))
        v, e = res["verdict"], lab["expected"]
        s["verdicts"][v] = s["verdicts"].get(v, 0) + 1
        if res.get("elapsed_us") is not None:
            s["times"].append(float(res["elapsed_us"]))
        elif v != "invalid":  # an invalid input line is not graded, so it has no time
            raise InputError("%s: result for %s has no elapsed_us" % (name, lab["id"]))
        said_eq, is_eq = v == "equal", e == "equal"
        if v == e:
            s["exact"] += 1
        if said_eq == is_eq:
            s["reward_ok"] += 1
        line = "%-10s label=%-11s said=%-11s gold=%s | answer=%s | %s" % (
            lab["id"], e, v, lab["gold"], res.get("answer", ""), lab.get("note", ""))
        if said_eq and not is_eq:
            s["fp"] += 1
            s["wrong"].append("FP " + line)
        elif is_eq and not said_eq:
            s["fn"] += 1
            s["wrong"].append("FN " + line)
        elif v != e:
            s["mismatch3"].append("3W " + line)
        if said_eq != is_eq:
            s["by_cat"][lab["category"]] = s["by_cat"].get(lab["category"], 0) + 1
    s["times"].sort()
    s["median"] = nearest_rank(s["times"], 0.5)
    s["p90"] = nearest_rank(s["times"], 0.9)
    return s


def print_table(stats, labels, throughput):
    names = [s["name"] for s in stats]
    width = max(22, max(len(n) for n in names) + 2)
    n = len(labels)
    counts = {}
    for lab in labels:
        counts[lab["expected"]] = counts.get(lab["expected"], 0) + 1
    print("Labelled pairs: %d (equal %d, not_equal %d, unparseable %d)" % (
        n, counts.get("equal", 0), counts.get("not_equal", 0), counts.get("unparseable", 0)))
    print()
    header = "%-36s" % "" + "".join("%*s" % (width, nm) for nm in names)
    print(header)
    print("-" * len(header))

    def row(label, values):
        print("%-36s" % label + "".join("%*s" % (width, v) for v in values))

    row("accuracy (reward: equal or not)", ["%.1f%% (%d/%d)" % (100.0 * s["reward_ok"] / n, s["reward_ok"], n) for s in stats])
    row("accuracy (3-way verdict)", ["%.1f%% (%d/%d)" % (100.0 * s["exact"] / n, s["exact"], n) for s in stats])
    row("wrong verdicts (FP + FN)", [str(s["fp"] + s["fn"]) for s in stats])
    row("false positives (said equal)", [str(s["fp"]) for s in stats])
    row("false negatives (missed equal)", [str(s["fn"]) for s in stats])
    row("median time per pair", [fmt_us(s["median"]) for s in stats])
    row("p90 time per pair", [fmt_us(s["p90"]) for s in stats])
    base = stats[0]["median"]
    row("speed-up (first median / median)",
        ["%.0fx" % (base / s["median"]) if s["median"] > 0 else "n/a" for s in stats])
    short = {"equal": "eq", "not_equal": "ne", "unparseable": "unp", "timeout": "to", "invalid": "inv"}
    row("verdicts (eq/ne/unp/to/inv)", [" ".join("%s=%d" % (short.get(k, k), v) for k, v in sorted(s["verdicts"].items())) for s in stats])
    print()
    cats = sorted({c for s in stats for c in s["by_cat"]})
    if cats:
        print("Reward-level errors by category:")
        print("%-36s" % "" + "".join("%*s" % (width, nm) for nm in names))
        for c in cats:
            row("  " + c, [str(s["by_cat"].get(c, 0)) for s in stats])
        print()
    if throughput:
        print("Throughput (%s lines of typical short answers, wall clock incl. start-up and JSON I/O):"
              % format(throughput["lines"], ","))
        for r in throughput["runs"]:
            print("  assay math grade --jobs %-2d %10s pairs/s   (%.2f s)" % (
                r["jobs"], format(int(r["pairs_per_s"]), ","), r["seconds"]))
        print("  machine: %s" % throughput.get("machine", "?"))
        print()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", required=True)
    ap.add_argument("--result", action="append", required=True, metavar="NAME=FILE")
    ap.add_argument("--throughput", help="JSON written by throughput.py")
    ap.add_argument("--out-dir", help="where wrong-<name>.txt files go")
    ap.add_argument("--title", help="a heading printed above the table")
    args = ap.parse_args()
    try:
        labels = read_jsonl(args.labels)
        for lab in labels:
            for k in ("id", "category", "gold", "completion", "expected"):
                if k not in lab:
                    raise InputError("%s: a label has no %r: %r" % (args.labels, k, lab))
        stats = []
        for spec in args.result:
            if "=" not in spec:
                raise InputError("--result wants NAME=FILE, got %r" % spec)
            name, path = spec.split("=", 1)
            stats.append(score(name, labels, read_jsonl(path)))
        throughput = None
        if args.throughput:
            with open(args.throughput, encoding="utf-8") as f:
                throughput = json.load(f)
    except (InputError, OSError) as exc:
        sys.stderr.write("compare.py: %s\n" % exc)
        return 1
    if args.title:
        print("=== %s" % args.title)
    print_table(stats, labels, throughput)
    if args.out_dir:
        os.makedirs(args.out_dir, exist_ok=True)
        for s in stats:
            safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in s["name"].lower())
            path = os.path.join(args.out_dir, "wrong-%s.txt" % safe)
            with open(path, "w", encoding="utf-8") as f:
                f.write("# %s: %d reward-level errors (FP/FN), %d 3-way-only mismatches (3W)\n" % (
                    s["name"], len(s["wrong"]), len(s["mismatch3"])))
                for line in s["wrong"] + s["mismatch3"]:
                    f.write(line + "\n")
            print("wrong verdicts of %s: %s" % (s["name"], os.path.relpath(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
