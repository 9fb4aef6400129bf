#!/usr/bin/env python3
"""Grades a JSON-lines file of {id, gold, completion} with Math-Verify 0.9.0.

Output: one JSON line per input line, same order, in the shape that
`assay math grade` writes: id, verdict ("equal" / "not_equal" / "unparseable" /
"invalid"), reward, answer, reason, elapsed_us.

How Math-Verify is called (single process, one pair at a time, timed with
time.perf_counter around gold parse + completion parse + verify):

  gold:       parse("\\boxed{" + gold + "}")  (what verl's math_verify reward does
              for answer-only gold); if that yields nothing, parse("$" + gold + "$"),
              then parse(gold). Gold is trusted input, so it gets every chance.
  completion: parse(completion) with Math-Verify's default extraction config.
  verdict:    completion parse empty -> "unparseable"; else verify(gold, answer)
              True -> "equal", False -> "not_equal".

Usage: mathverify_grade.py INPUT.jsonl OUTPUT.jsonl
"""

import json
import sys
import time
import warnings


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: mathverify_grade.py INPUT.jsonl OUTPUT.jsonl\n")
        return 2
    import logging
    logging.disable(logging.CRITICAL)  # Math-Verify logs every parse failure
    warnings.filterwarnings("ignore")
    from math_verify import parse, verify

    def parse_gold(gold):
        for text in ("\\boxed{" + gold + "}", "$" + gold + "$", gold):
            parsed = parse(text)
            if parsed:
                return parsed
        return []

    # Warm up (imports, sympy caches, ANTLR parser construction) outside the timings.
    verify(parse_gold("1"), parse("\\boxed{1}"))

    counts = {}
    src_path, out_path = sys.argv[1], sys.argv[2]
    with open(src_path, encoding="utf-8") as src, open(out_path, "w", encoding="utf-8") as out:
        for line_no, line in enumerate(src, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                gold, completion = rec["gold"], rec["completion"]
                if not isinstance(gold, str) or not isinstance(completion, str):
                    raise ValueError("gold and completion must be strings")
            except (ValueError, KeyError) as exc:
                row = {"line": line_no, "verdict": "invalid", "reward": 0.0, "reason": str(exc)}
                out.write(json.dumps(row) + "\n")
                counts["invalid"] = counts.get("invalid", 0) + 1
                continue
            t0 = time.perf_counter()
            gold_parsed = parse_gold(gold)
            answer_parsed = parse(completion)
            if not gold_parsed:
                verdict, reason = "invalid", "gold did not parse"
            elif not answer_parsed:
                verdict, reason = "unparseable", "no answer extracted from the completion"
            else:
                ok = verify(gold_parsed, answer_parsed)
                verdict, reason = ("equal", "verify true") if ok else ("not_equal", "verify false")
            elapsed_us = (time.perf_counter() - t0) * 1e6
            answer = answer_parsed[-1] if answer_parsed and isinstance(answer_parsed[-1], str) else ""
            row = {
                "id": rec.get("id"), "verdict": verdict,
                "reward": 1.0 if verdict == "equal" else 0.0,
                "answer": answer, "gold_parsed": str(gold_parsed[0]) if gold_parsed else "",
                "answer_parsed": str(answer_parsed[0]) if answer_parsed else "",
                "reason": reason, "elapsed_us": round(elapsed_us, 1),
            }
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            counts[verdict] = counts.get(verdict, 0) + 1
    sys.stderr.write("math-verify: %s\n" % json.dumps(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
