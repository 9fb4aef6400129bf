#!/usr/bin/env python3
"""Writes examples/math/heldout.jsonl: hand-labelled pairs kept apart from labelled.jsonl.

Same format, categories and labelling policy as labelled.jsonl (bench/math/README.md), ids
prefixed "ho-". These pairs were written after the grader had been developed against
labelled.jsonl, so the bench's held-out row measures how its rules generalise to forms it was
not tuned on. Run `LABELS=examples/math/heldout.jsonl bench/math/run.sh` to bench on them.

Usage: python3 bench/math/make_heldout.py   (stdlib only)
"""

import json
import os
import sys

import make_labelled as m
from make_labelled import B, R1, R1BOX, GSM, RAW, EQ, NE, UN

m.ROWS.clear()
m._counters.clear()
m._box_turn[0] = 0
m.ID_PREFIX[0] = "ho-"

# integer
B("integer", "005", r"Only five residues satisfy all three congruences, so the count is 5.", "5", EQ, "AIME zero padding")
B("integer", "20", r"Each of the 4 tables seats 5, so $4 \times 5 = 20.00$.", "20.00", EQ, "20.00 = 20")
B("integer", "-7", r"The minimum of $f$ is at $x = 1$, where $f(1) = -7$.", "\u22127", EQ, "unicode minus sign")
B("integer", "81", r"There are 3 choices for each of 4 positions: $3^4$.", "3^4", EQ, "3^4 = 81")
B("integer", "81", r"Counting: $9^2 + 1$ arrangements.", "9^{2}+1", NE, "82")
# fraction
B("fraction", r"\frac{9}{16}", r"The ratio of areas is the square of $\frac{3}{4}$, i.e. $\frac{18}{32}$.", r"\dfrac{18}{32}", EQ, "unreduced 18/32")
B("fraction", r"\frac{9}{16}", r"Squaring $0.75$ gives $0.5625$.", "0.5625", EQ, "exact decimal")
B("fraction", r"\frac{9}{16}", r"Squaring $0.75$ gives about $0.563$.", "0.563", NE, "rounded decimal")
B("fraction", r"\frac{-1}{4}", r"The slope is $-0.25$.", "-0.25", EQ, "negative decimal")
B("fraction", r"\frac{1}{8}", r"Three halvings give $2^{-3}$.", "2^{-3}", EQ, "negative power")
# decimal
B("decimal", "0.125", r"One eighth of the pizza remains: $\frac18$.", r"\frac18", EQ, "brace-less \\frac18")
# big_rational
B("big_rational", r"\frac{1}{2^{60}}", r"The probability is $\frac{1}{1152921504606846976}$.", r"\frac{1}{1152921504606846976}", EQ, "2^60 written out")
B("big_rational", r"3^{30}", r"$3^{30} = 205891132094649$.", "205891132094649", EQ, "3^30 written out")
B("big_rational", r"3^{30}", r"$3^{30} = 205891132094648$.", "205891132094648", NE, "last digit off")
B("big_rational", r"\frac{999999999}{1000000000}", r"The product telescopes to nearly $1$.", "1", NE, "1 - 1e-9 is not 1")
# scientific
B("scientific", r"7.5\times10^{-4}", r"The concentration is $7.5 \cdot 10^{-4}$ M.", r"7.5 \cdot 10^{-4}", EQ, r"\cdot")
B("scientific", r"7.5\times10^{-4}", r"That is $0.00075$.", "0.00075", EQ, "plain decimal")
B("scientific", r"7.5\times10^{-4}", r"That is $0.0075$.", "0.0075", NE, "factor 10")
B("scientific", r"1.0\times10^{9}", r"One billion is $10^9$.", "10^9", EQ, "1.0e9 = 10^9")
# repeating_decimal
B("repeating_decimal", r"\frac{4}{9}", r"$4 \div 9 = 0.444\ldots$", r"0.\overline{4}", EQ, "0.(4) = 4/9")
B("repeating_decimal", r"0.\overline{27}", r"Let $x = 0.\overline{27}$; $99x = 27$, so $x = \frac{3}{11}$.", r"\frac{3}{11}", EQ, "27/99 = 3/11")
B("repeating_decimal", r"\frac{3}{11}", r"$3 \div 11 \approx 0.27$.", "0.27", NE, "rounded")
B("repeating_decimal", r"0.\overline{9}", r"Since $0.\overline{9} = \frac{9}{9}$, the value is $1$.", "1", EQ, "0.(9) = 1")
# mixed_number
B("mixed_number", r"6\frac{2}{5}", r"$32 \div 5 = \frac{32}{5}$.", r"\frac{32}{5}", EQ, "improper fraction")
B("mixed_number", r"6\frac{2}{5}", r"$32 \div 5 = 6.4$.", "6.4", EQ, "decimal")
B("mixed_number", r"6\frac{2}{5}", r"$6 \cdot \frac{2}{5} = \frac{12}{5}$.", r"\frac{12}{5}", NE, "product, not mixed number")
# radical
B("radical", r"3\sqrt{3}", r"The long side is $\sqrt{27}$.", r"\sqrt{27}", EQ, "sqrt27 = 3sqrt3")
B("radical", r"\sqrt{6}", r"The product is $\sqrt{2}\sqrt{3}$.", r"\sqrt{2}\sqrt{3}", EQ, "product of roots")
B("radical", r"\frac{2\sqrt{3}}{3}", r"The ratio is $\frac{2}{\sqrt{3}}$.", r"\frac{2}{\sqrt{3}}", EQ, "unrationalised")
B("radical", r"2\sqrt{3}", r"The height is $3\sqrt{2}$.", r"3\sqrt{2}", NE, "sqrt12 vs sqrt18")
B("radical", "2", r"The fourth root of 16 is $\sqrt[4]{16}$.", r"\sqrt[4]{16}", EQ, "4th root of 16 = 2")
# pi_trig_log
B("pi_trig_log", r"9\pi", r"The area is $\pi \cdot 3^2 = 9\pi$ square centimeters.", r"9\pi \text{ cm}^2", EQ, "unit only in the answer")
B("pi_trig_log", r"\frac{\pi}{6}", r"The angle is $\frac{\pi}{3}$.", r"\frac{\pi}{3}", NE, "pi/3 vs pi/6")
B("pi_trig_log", r"\log_3 5", r"By change of base, $\frac{\log 5}{\log 3}$.", r"\frac{\log 5}{\log 3}", EQ, "change of base")
B("pi_trig_log", r"2\pi", r"The circumference is about $6.28$.", "6.28", NE, "approximation")
B("pi_trig_log", r"2\pi", r"The circumference is $6.283185$.", "6.283185", NE, "6-decimal approximation")
# expression
B("expression", r"\frac{x+2}{x}", r"Splitting the fraction, $1 + \frac{2}{x}$.", r"1+\frac{2}{x}", EQ, "split")
B("expression", r"x^2y^3", r"The monomial is $y^3x^2$.", "y^3x^2", EQ, "reordered")
B("expression", r"(a-b)^2", r"The square of the difference is $(b-a)^2$.", "(b-a)^2", EQ, "(b-a)^2 = (a-b)^2")
B("expression", "a-b", r"The difference is $b - a$.", "b-a", NE, "sign")
# polynomial
B("polynomial", "x^2-4x+4", r"It is a perfect square, $(x-2)^2$.", "(x-2)^2", EQ, "factored")
B("polynomial", "x^2-4x+4", r"It is $(x+2)^2$.", "(x+2)^2", NE, "wrong sign")
B("polynomial", "4x^2-9", r"Difference of squares: $(2x-3)(2x+3)$.", "(2x-3)(2x+3)", EQ, "factored")
B("polynomial", "x^3+8", r"Sum of cubes: $(x+2)(x^2-2x+4)$.", "(x+2)(x^2-2x+4)", EQ, "factored")
# equation
B("equation", "y=3x-2", r"Rearranging, $3x - y = 2$.", "3x-y=2", EQ, "same line")
B("equation", "y=3x-2", r"Rearranging, $3x + y = 2$.", "3x+y=2", NE, "different line")
B("equation", "4", r"So $n = 4$.", "n = 4", EQ, "named variable")
B("equation", "x=-1", r"The solution is $-1$.", "-1", EQ, "value for an equation gold")
# inequality_interval / interval_union
B("inequality_interval", "(-1,3]", r"Combining, $-1 < x \le 3$.", r"-1<x\le3", EQ, "inequality")
B("inequality_interval", "(-1,3]", r"Combining, $[-1, 3)$.", "[-1,3)", NE, "ends swapped")
B("inequality_interval", r"[5,\infty)", r"So $x \ge 5$.", r"x\ge5", EQ, "ray")
B("interval_union", r"(-\infty,-4)\cup(4,\infty)", r"So $x < -4$ or $x > 4$.", r"x<-4 \text{ or } x>4", EQ, "or of inequalities")
# set
B("set", r"\{-3, 0, 3\}", r"The roots of $x^3 - 9x$ are $\{0, 3, -3\}$.", r"\{0, 3, -3\}", EQ, "unordered")
B("set", "-3, 0, 3", r"The nonzero roots are $-3, 3$.", "-3, 3", NE, "missing 0")
B("set", r"\{\frac12, 2\}", r"The solutions are $2$ and $0.5$.", "2, 0.5", EQ, "decimal element, other order")
# tuple_point
B("tuple_point", "(-2, 5)", r"The vertex is at $(5, -2)$.", "(5,-2)", NE, "swapped")
B("tuple_point", r"(3, \sqrt{2})", r"The point is $(3, \sqrt2)$.", r"(3, \sqrt2)", EQ, "brace-less sqrt")
B("tuple_point", "(1,1,1)", r"By symmetry $x = y = z = 1$: $(1, 1, 1)$.", "(1, 1, 1)", EQ, "triple")
# vector_matrix
B("vector_matrix", r"\begin{pmatrix} 5 \\ -2 \end{pmatrix}", r"Adding the vectors gives $\begin{pmatrix} 5 \\ -2 \end{pmatrix}$.", r"\begin{pmatrix} 5 \\ -2 \end{pmatrix}", EQ, "identical")
B("vector_matrix", r"\begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}", r"The matrix is $\begin{bmatrix} 2 & 1 \\ 1 & 2 \end{bmatrix}$.", r"\begin{bmatrix} 2 & 1 \\ 1 & 2 \end{bmatrix}", EQ, "bmatrix")
B("vector_matrix", r"\begin{pmatrix} 2 & 1 \\ 1 & 2 \end{pmatrix}", r"The matrix is $\begin{pmatrix} 2 & 1 \\ 2 & 1 \end{pmatrix}$.", r"\begin{pmatrix} 2 & 1 \\ 2 & 1 \end{pmatrix}", NE, "second row differs")
# yes_no / text / multiple_choice
B("yes_no", r"\text{No}", r"The sum is always odd, so it cannot be zero.", r"\text{NO}", EQ, "capitals")
B("yes_no", "Yes", r"It is impossible.", r"\text{No}", NE, "opposite")
B("multiple_choice", r"\textbf{(E) }\frac{5}{6}", r"The probability is $\frac{5}{6}$, choice E.", r"\text{E}", EQ, "letter in \\text")
B("multiple_choice", r"\textbf{(E) }\frac{5}{6}", r"The probability is $\frac{5}{6}$.", r"\frac{5}{6}", EQ, "value of the gold choice")
B("multiple_choice", r"\textbf{(E) }\frac{5}{6}", r"Choice E.", r"\textbf{(E)}", EQ, "bold letter")
B("multiple_choice", r"\textbf{(E) }\frac{5}{6}", r"Choice D.", "D", NE, "other letter")
RAW("multiple_choice", "C", "Checking each option, only (C) keeps the sum below 100.\n\nThe correct answer is C.", EQ, "'The correct answer is C.'")
B("text", r"\text{Saturday}", r"Counting forward, the day is Saturday.", r"\text{saturday}", EQ, "case")
B("text", r"\text{Alice}", r"Bob finishes first.", r"\text{Bob}", NE, "different name")
# no_solution
B("no_solution", r"\emptyset", r"The constraints contradict each other.", r"\{\,\}", EQ, "empty braces with thin space")
# units
B("units", r"14\text{ feet}", r"The perimeter is 14 ft.", r"14 \text{ ft}", EQ, "abbreviation")
B("units", r"14\text{ feet}", r"The perimeter is 14 yards.", r"14\text{ yards}", NE, "feet vs yards")
B("units", r"250\text{ mL}", r"Each cup holds 250.", "250", EQ, "no unit in the answer")
B("units", r"3\text{ cm}^3", r"The volume is 3 cm$^2$.", r"3\text{ cm}^2", NE, "cm^3 vs cm^2")
# percent
B("percent", r"35\%", r"The share is 35.", "35", EQ, "percent number")
B("percent", r"35\%", r"The share is $0.35$.", "0.35", EQ, "fraction P/100")
B("percent", r"35\%", r"The share is $3.5\%$.", r"3.5\%", NE, "different percent")
B("percent", "8", r"The rate is $8\%$.", r"8\%", EQ, "percent against the percent number")
# currency
B("currency", r"\$7.25", r"The total is 7.25.", "7.25", EQ, "no symbol")
B("currency", r"\$7.25", r"The total is \$72.50.", r"\$72.50", NE, "factor 10")
GSM("currency", "150", "30 tickets at $5 each is 30 * 5 = <<30*5=150>>150 dollars.", "$150.00", EQ, "#### with symbol and cents")
# degrees
B("degrees", r"108^\circ", r"Each interior angle of a regular pentagon is 108.", "108", EQ, "no degree sign")
B("degrees", r"108^\circ", r"Each exterior angle is $72^\circ$.", r"72^\circ", NE, "exterior angle")
# thousands
B("thousands", "5,280", r"A mile has 5280 feet.", "5280", EQ, "separator in gold only")
B("thousands", "52,800", r"Ten miles is 5,280 feet.", "5,280", NE, "factor 10")
B("thousands", "1000000", r"A million is 1,000,000.", "1,000,000", EQ, "two separators")
# extraction
R1BOX("extraction_boxed", "64", "The cube has 4 cubes per edge, so 4^3 = 64 unit cubes.", "There are 64 unit cubes.", "64", EQ, "R1 summary with box after </think>")
RAW("extraction_answer_tag", r"\frac{1}{3}", "<think>\nOne of three equally likely doors.\n</think>\n<answer>\n\\boxed{\\frac{1}{3}}\n</answer>", EQ, "box inside the answer tag, newlines")
RAW("extraction_answer_tag", "9", "<think>\n3 squared is 9.\n</think>\n<answer>   </answer>", UN, "whitespace-only answer tag")
GSM("extraction_gsm8k", "1050", "She earns 35 * 30 = <<35*30=1050>>1050 dollars a month.", "1,050", EQ, "#### with separator")
RAW("extraction_final_answer", "3.5", "Half of 7 is 3.5.\n\nFinal answer: \\(\\frac{7}{2}\\)", EQ, "\\( \\) delimiters")
RAW("extraction_final_answer", "16", "Doubling four times from 1 gives 16.\n\nThe answer is: 16", EQ, "'The answer is: N'")
RAW("extraction_boxed", "16", "So the total is $\\boxed{16}$. Let me recheck the last step: I forgot the two corner squares, so $16 + 2 = 18$.\n\n$\\boxed{18}$", NE, "last box (18) is the final answer")
RAW("extraction_none", "27", "The volume of the cube is $3^3$, so the final answer is $\\boxed{", UN, "truncated at the box")
# hedged
B("hedged", "6", r"Since $x^2 = 36$, the side length is 6 or -6.", r"6 \text{ or } -6", NE, "hedged sign for a length")
B("hedged", "A", r"Both A and C satisfy the condition.", r"A \text{ and } C", NE, "two letters")
B("hedged", "1", r"The answer is 1 or 2.", "1, 2", NE, "list for a single-valued gold")
# trap
B("trap", r"\frac{1}{2^{70}}", r"The probability is $\frac{1}{2^{71}}$.", r"\frac{1}{2^{71}}", NE, "tiny values, factor 2")
B("trap", "0.2", r"The ratio is $0.2000001$.", "0.2000001", NE, "differs at the 7th decimal")
B("trap", r"\frac{2}{7}", r"$2 \div 7 = 0.2857143$.", "0.2857143", NE, "7-digit approximation")
B("trap", r"5 \text{ cm}", r"The length is 5 inches.", r"5 \text{ in}", NE, "cm vs in")
B("trap", r"\sqrt{5}", r"$\sqrt{5} \approx 2.236068$.", "2.236068", NE, "approximation")
B("trap", "45", r"The angle sum gives 45.", r"\frac{45}{}", UN, "empty denominator; reasoning has 45")
B("trap", "13", r"Thus the count is 13.", ")", UN, "lone parenthesis; reasoning has 13")
B("trap", "1", r"The series sums to $0.9999999$.", "0.9999999", NE, "finite decimal, not 0.(9)")


def main():
    m.check(require_all_categories=False)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    path = os.path.join(root, "examples", "math", "heldout.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in m.ROWS:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in m.ROWS:
        counts[r["expected"]] = counts.get(r["expected"], 0) + 1
    sys.stderr.write("wrote %d held-out pairs %s\n" % (len(m.ROWS), counts))


if __name__ == "__main__":
    main()
