#!/usr/bin/env python3
"""Writes examples/math/labelled.jsonl and examples/math/sample.jsonl.

Every pair below is written by hand: the gold answer as a dataset stores it, a
realistic model completion (reasoning, then a final answer in one of the usual
formats) and the verdict a careful human grader gives. The helpers only wrap a
hand-written reasoning text and final answer into the completion formats that
models emit (\\boxed{}, R1 <think>/<answer>, GSM8K '####', 'The final answer is').

Labelling policy (percent, currency, units, lists): see bench/math/README.md.

Usage: python3 bench/math/make_labelled.py   (from the repository root; stdlib only)
"""

import json
import os
import sys

EQ, NE, UN = "equal", "not_equal", "unparseable"

CATEGORIES = [
    "integer", "fraction", "decimal", "big_rational", "scientific", "repeating_decimal",
    "mixed_number", "radical", "pi_trig_log", "expression", "polynomial", "equation",
    "inequality_interval", "interval_union", "set", "tuple_point", "vector_matrix", "yes_no",
    "multiple_choice", "text", "no_solution", "units", "percent", "currency", "degrees",
    "thousands", "extraction_boxed", "extraction_answer_tag", "extraction_gsm8k",
    "extraction_final_answer", "extraction_none", "hedged", "trap",
]

PREFIX = {
    "integer": "int", "fraction": "frac", "decimal": "dec", "big_rational": "bigq",
    "scientific": "sci", "repeating_decimal": "rep", "mixed_number": "mixed", "radical": "rad",
    "pi_trig_log": "trig", "expression": "expr", "polynomial": "poly", "equation": "eqn",
    "inequality_interval": "ineq", "interval_union": "union", "set": "set", "tuple_point": "tuple",
    "vector_matrix": "mat", "yes_no": "yn", "multiple_choice": "mc", "text": "text",
    "no_solution": "nosol", "units": "unit", "percent": "pct", "currency": "cur",
    "degrees": "deg", "thousands": "thou", "extraction_boxed": "xbox",
    "extraction_answer_tag": "xtag", "extraction_gsm8k": "xgsm",
    "extraction_final_answer": "xfin", "extraction_none": "xnone", "hedged": "hedge",
    "trap": "trap",
}

# Endings that models put after their reasoning; picked round-robin so that every
# category sees several of them.
BOX_ENDINGS = [
    "\n\nTherefore, the answer is $\\boxed{%s}$.",
    "\n\n**Final Answer**\n\\[\n\\boxed{%s}\n\\]",
    "\n\nThe final answer is $\\boxed{%s}$.",
    " So the answer is $\\boxed{%s}$.",
    "\n\n\\[\n\\boxed{%s}\n\\]",
    "\n\nFinal Answer: The final answer is $\\boxed{%s}$. I hope it is correct.",
]

ROWS = []
ID_PREFIX = [""]  # make_heldout.py sets "ho-"
_counters = {}
_box_turn = [0]


def _add(category, gold, completion, expected, note):
    assert category in PREFIX, category
    assert expected in (EQ, NE, UN), expected
    _counters[category] = _counters.get(category, 0) + 1
    ident = "%s%s-%03d" % (ID_PREFIX[0], PREFIX[category], _counters[category])
    ROWS.append({
        "id": ident, "category": category, "gold": gold, "completion": completion,
        "expected": expected, "note": note,
    })


def B(category, gold, reasoning, answer, expected, note):
    """Reasoning, then the final answer in \\boxed{} with one of the usual endings."""
    ending = BOX_ENDINGS[_box_turn[0] % len(BOX_ENDINGS)]
    _box_turn[0] += 1
    _add(category, gold, reasoning + (ending % answer), expected, note)


def R1(category, gold, reasoning, answer, expected, note):
    """DeepSeek-R1 / GRPO format: <think>reasoning</think> then <answer>...</answer>."""
    _add(category, gold, "<think>\n%s\n</think>\n<answer>%s</answer>" % (reasoning, answer),
         expected, note)


def R1BOX(category, gold, reasoning, summary, answer, expected, note):
    """R1 output: thinking, then a short summary that ends in a boxed answer."""
    _add(category, gold, "<think>\n%s\n</think>\n\n%s\n\n\\[\n\\boxed{%s}\n\\]" % (reasoning, summary, answer),
         expected, note)


def GSM(category, gold, reasoning, answer, expected, note):
    """GSM8K format: reasoning, then '#### N'."""
    _add(category, gold, "%s\n#### %s" % (reasoning, answer), expected, note)


def RAW(category, gold, completion, expected, note):
    """A completion written out in full."""
    _add(category, gold, completion, expected, note)


# ---------------------------------------------------------------------------- integer
B("integer", "42", r"The auditorium has 6 rows and each row holds 7 chairs. Multiplying, $6 \times 7 = 42$ chairs in total.", "42", EQ, "identical integer")
B("integer", "073", r"We need the remainder when $N = 7^{2023} + 2023$ is divided by $1000$. Using $7^{20} \equiv 1 \pmod{1000}$ and working through the powers, $N \equiv 73 \pmod{1000}$.", "73", EQ, "AIME gold is zero-padded: 073 = 73")
B("integer", "073", r"Reducing modulo $8$ and modulo $125$ and combining with the Chinese Remainder Theorem, the remainder is $073$.", "073", EQ, "same zero-padded form")
B("integer", "073", r"Combining the residues modulo $8$ and $125$ with CRT, I get $N \equiv 730 \pmod{1000}$.", "730", NE, "730 is not 73")
B("integer", "-5", r"Solving $2x + 10 = 0$: subtract 10 to get $2x = -10$, so $x = -5$.", "-5", EQ, "identical negative integer")
B("integer", "-5", r"Solving $2x + 10 = 0$: moving terms gives $2x = 10$, so $x = 5$.", "5", NE, "sign error")
B("integer", "12", r"The mean of $10$, $12$ and $14$ is $\frac{10+12+14}{3} = \frac{36}{3} = 12.0$.", "12.0", EQ, "12.0 is exactly 12")
B("integer", "2016", r"Counting forward from 2010 by the cycle of 7 weekdays, the next year in which January 1 falls on a Friday is 2017.", "2017", NE, "off by one")
B("integer", "25", r"The side of the square is $5$, so its area is $5^2 = 25$.", r"\mathbf{25}", EQ, "bold formatting around the number is ignored")
B("integer", "7", r"A week has 5 weekdays and 2 weekend days, and $5 + 2 = 7$.", " 7 ", EQ, "whitespace inside the box")
B("integer", "0", r"$2^{10} = 1024$ and $1024 = 4 \cdot 256 + 1$, so the remainder is $1$.", "1", NE, "arithmetic slip: 1024 is divisible by 4")
B("integer", "0", r"$2^{10} = 1024 = 4 \cdot 256$, so the remainder when $2^{10}$ is divided by $4$ is $0$.", "0", EQ, "zero")
B("integer", "144", r"A $12 \times 12$ grid contains $12^2$ unit squares.", r"12^2", EQ, "unevaluated power equals 144")
B("integer", "1024", r"Each of the 10 switches is either on or off, so there are $2^{10}$ configurations.", r"2^{10}", EQ, "2^{10} = 1024")
R1("integer", "12", "The train travels 60 km in 5 hours... no wait, speed is 60/5 = 12 km/h. Check: 12 * 5 = 60. Yes.", "12", EQ, "R1 answer tag")
B("integer", "999", r"The largest three-digit multiple of 3 is $999 - 1 = 998$.", "998", NE, "998 is not a multiple of 3 and not the gold")

# ---------------------------------------------------------------------------- fraction
B("fraction", r"\frac{1}{2}", r"There are 3 even numbers among the 6 faces, so the probability is $\frac{3}{6} = \frac{1}{2}$.", r"\frac{1}{2}", EQ, "identical fraction")
B("fraction", r"\frac{1}{2}", r"Three of the six faces are even, so $P = 3/6 = 1/2$.", "1/2", EQ, "slash form of 1/2")
B("fraction", r"\frac{1}{2}", r"Three favourable outcomes out of six gives a probability of $0.5$.", "0.5", EQ, "exact decimal 0.5 = 1/2")
B("fraction", r"\frac{1}{2}", r"Two of the four outcomes (HT, TH) have exactly one head, so the probability is $\frac{2}{4}$.", r"\frac{2}{4}", EQ, "unsimplified fraction with the same value")
B("fraction", r"\dfrac{3}{4}", r"The shaded region covers $3$ of the $4$ congruent triangles.", r"\tfrac34", EQ, r"\tfrac34 shorthand equals \dfrac{3}{4}")
B("fraction", r"\frac{3}{4}", r"The ratio of the smaller area to the larger is $\frac{12}{9} = \frac{4}{3}$.", r"\frac{4}{3}", NE, "reciprocal")
B("fraction", r"-\frac{2}{3}", r"The slope is $\frac{y_2-y_1}{x_2-x_1} = \frac{-2}{3}$.", r"\frac{-2}{3}", EQ, "sign in the numerator")
B("fraction", r"-\frac{2}{3}", r"The slope is $\frac{1-3}{0-3} = \frac{-2}{-3} = \frac{2}{3}$.", r"\frac{2}{3}", NE, "sign lost")
B("fraction", r"\frac{7}{12}", r"Adding, $\frac{1}{3} + \frac{1}{4} = \frac{7}{13}$.", r"\frac{7}{13}", NE, "wrong denominator")
B("fraction", r"\frac{5}{2}", r"Solving $2x - 5 = 0$ gives $x = 2.5$.", "2.5", EQ, "2.5 = 5/2")
B("fraction", r"\frac{1}{6}", r"Only one of the six outcomes works, so the probability is $\dfrac{1}{6}$.", r"\dfrac{1}{6}", EQ, r"\dfrac vs \frac")
B("fraction", r"\frac{11}{36}", r"The probability that at least one die shows a 6 is $1 - \left(\frac{5}{6}\right)^2 = \frac{11}{36}$.", r"\frac{11}{36}", EQ, "identical")
B("fraction", r"\frac{11}{36}", r"Counting pairs with at least one 6: $6 + 6 + 1 = 13$, so $\frac{13}{36}$.", r"\frac{13}{36}", NE, "double counted the (6,6) pair")
B("fraction", r"\frac{2}{9}", r"Simplifying $\frac{4}{18}$ gives $\frac{2}{9}$.", r"{2}/{9}", EQ, "braced slash form")
B("fraction", r"$\frac{3}{8}$", r"There are $\binom{3}{1} = 3$ ways to get exactly one head out of $8$ outcomes.", r"\frac{3}{8}", EQ, "gold stored with $ delimiters")

# ---------------------------------------------------------------------------- decimal
B("decimal", "0.25", r"One of the four equally likely quadrants is shaded, so the probability is $\frac{1}{4}$.", r"\frac{1}{4}", EQ, "1/4 = 0.25 exactly")
B("decimal", "3.75", r"Three notebooks at \$1.25 each cost $3 \times 1.25 = 3.75$.", "3.75", EQ, "identical decimal")
B("decimal", "3.75", r"$3 \times 1.25 = 3.750$.", "3.750", EQ, "trailing zero")
B("decimal", "3.75", r"$3 \times 1.19 = 3.57$.", "3.57", NE, "digits transposed")
B("decimal", "0.5", r"Half of the unit length is $.5$.", ".5", EQ, "missing leading zero")
B("decimal", "2.4", r"Dividing, $12 \div 5 = 2.40$.", "2.40", EQ, "trailing zero")
B("decimal", "1.2", r"The average of 1.0 and 1.5 is 1.25.", "1.25", NE, "different value")
B("decimal", "12.5", r"Half of 25 is $12\frac{1}{2}$.", r"12\frac{1}{2}", EQ, "mixed number 12 1/2 = 12.5")
B("decimal", "0.04", r"Converting, $4\% = 0.4$.", "0.4", NE, "decimal point misplaced")
GSM("decimal", "6.25", "The pizza costs 25 dollars and 4 friends share it equally.\nEach pays 25/4 = <<25/4=6.25>>6.25 dollars.", "6.25", EQ, "GSM8K decimal")
B("decimal", "-0.75", r"The change is $2.25 - 3 = -0.75$.", r"-\frac{3}{4}", EQ, "-3/4 = -0.75")

# ---------------------------------------------------------------------------- big_rational
B("big_rational", r"\frac{1}{2^{99}}", r"Each of the 99 independent flips must land heads, so the probability is $\left(\frac12\right)^{99} = 2^{-99}$.", r"2^{-99}", EQ, "2^{-99} = 1/2^{99}")
B("big_rational", r"\frac{1}{2^{99}}", r"Multiplying the 99 factors of $\frac12$ gives $\frac{1}{2^{98}}$.", r"\frac{1}{2^{98}}", NE, "off by a factor 2, values differ by ~1e-30")
B("big_rational", r"2^{100}", r"Squaring $2^{50} = 1125899906842624$ gives $1267650600228229401496703205376$.", "1267650600228229401496703205376", EQ, "2^100 written out exactly")
B("big_rational", r"2^{100}", r"So the count is $1267650600228229401496703205377$.", "1267650600228229401496703205377", NE, "differs in the last of 31 digits")
B("big_rational", r"10^{18}+1", r"Adding one to $10^{18}$ gives $1000000000000000001$.", "1000000000000000001", EQ, "exact 19-digit integer")
B("big_rational", r"10^{18}+1", r"The value is $10^{18}$, that is $1000000000000000000$.", "1000000000000000000", NE, "differs by 1 at 1e18 (float64 cannot tell)")
B("big_rational", r"\frac{3^{40}}{2^{60}}", r"$3^{40} = 12157665459056928801$ and $2^{60} = 1152921504606846976$.", r"\frac{12157665459056928801}{1152921504606846976}", EQ, "exact big fraction")
B("big_rational", r"\frac{3^{40}}{2^{60}}", r"$3^{40} = 12157665459056928801$ and $2^{60} = 1152921504606846976$.", r"\frac{12157665459056928802}{1152921504606846976}", NE, "numerator off by one")
B("big_rational", r"\frac{123456789}{987654321}", r"Dividing numerator and denominator by their gcd $9$ gives $\frac{13717421}{109739369}$.", r"\frac{13717421}{109739369}", EQ, "reduced big fraction")
B("big_rational", r"\frac{123456789}{987654321}", r"Both are divisible by 9, giving $\frac{13717421}{109739368}$.", r"\frac{13717421}{109739368}", NE, "denominator off by one")
B("big_rational", r"2^{64}-1", r"The largest unsigned 64-bit integer is $18446744073709551615$.", "18446744073709551615", EQ, "2^64 - 1 exactly")
B("big_rational", r"2^{64}-1", r"That is $2^{64} = 18446744073709551616$.", "18446744073709551616", NE, "2^64, not 2^64 - 1")
B("big_rational", r"\frac{1}{10^{20}}", r"The probability is one in $10^{20}$, i.e. $10^{-20}$.", r"10^{-20}", EQ, "10^{-20}")
B("big_rational", r"\frac{1}{10^{20}}", r"This probability is negligible, effectively $0$.", "0", NE, "tiny positive number is not zero")
B("big_rational", "126410606437752", r"The number of ways to choose 25 of the 50 students is $\binom{50}{25}$.", r"\binom{50}{25}", EQ, "binomial coefficient C(50,25) = 126410606437752")

# ---------------------------------------------------------------------------- scientific
B("scientific", r"6.02\times10^{23}", r"Avogadro's number is about 6.02e23 per mole, so one mole contains 6.02e23 molecules.", "6.02e23", EQ, "e-notation")
B("scientific", r"6.02\times10^{23}", r"Multiplying, $6.02 \times 10^{22}$ molecules.", r"6.02\times 10^{22}", NE, "exponent off by one")
B("scientific", r"6.02\times10^{23}", r"Written out, that is $602000000000000000000000$.", "602000000000000000000000", EQ, "expanded integer")
B("scientific", r"3\times10^{8}", r"The speed of light is about $3 \cdot 10^8$ m/s.", r"3 \cdot 10^8", EQ, r"\cdot instead of \times")
B("scientific", r"1.5\times 10^{-3}", r"Converting 1.5 mm to metres gives $0.0015$.", "0.0015", EQ, "plain decimal")
B("scientific", r"1.5\times 10^{-3}", r"Converting 1.5 mm to metres gives $0.015$.", "0.015", NE, "factor of 10")
B("scientific", r"2.5 \times 10^{6}", r"The population is 2.5 million, i.e. 2.5E6.", "2.5E6", EQ, "capital E notation")
B("scientific", r"4.0\times10^{5}", r"$400000 = 4 \times 10^5$.", r"4\times10^{5}", EQ, "4.0 vs 4")
B("scientific", r"9.11\times10^{-31}", r"The electron mass is $9.11 \times 10^{-13}$ kg.", r"9.11\times10^{-13}", NE, "exponent digits swapped")
B("scientific", r"1.6\times10^{-19}", r"The elementary charge is about 1.6e-19 coulombs.", "1.6e-19", EQ, "negative exponent e-notation")
B("scientific", r"5\times10^{-7}", r"$0.0000005 = 5 \times 10^{-6}$.", r"5 \times 10^{-6}", NE, "miscounted zeros")

# ---------------------------------------------------------------------------- repeating_decimal
B("repeating_decimal", r"\frac{1}{3}", r"Long division of 1 by 3 repeats the digit 3 forever.", r"0.\overline{3}", EQ, "0.(3) = 1/3")
B("repeating_decimal", r"0.\overline{6}", r"Let $x = 0.\overline{6}$; then $10x - x = 6$, so $x = \frac{6}{9} = \frac{2}{3}$.", r"\frac{2}{3}", EQ, "0.(6) = 2/3")
B("repeating_decimal", r"\frac{7}{11}", r"Dividing 7 by 11 gives $0.636363\ldots$", r"0.\overline{63}", EQ, "0.(63) = 63/99 = 7/11")
B("repeating_decimal", r"\frac{7}{11}", r"Dividing 7 by 11 gives the block $36$ repeating.", r"0.\overline{36}", NE, "0.(36) = 4/11")
B("repeating_decimal", r"\frac{1}{6}", r"$\frac16 = 0.1666\ldots$", r"0.1\overline{6}", EQ, "0.1(6) = 1/6")
B("repeating_decimal", r"\frac{1}{6}", r"$\frac16$ has the repeating block 16.", r"0.\overline{16}", NE, "0.(16) = 16/99")
B("repeating_decimal", r"0.\overline{142857}", r"The repeating block 142857 is the period of $\frac{1}{7}$.", r"\frac{1}{7}", EQ, "1/7")
B("repeating_decimal", r"\frac{2}{3}", r"$2 \div 3 \approx 0.6667$.", "0.6667", NE, "rounded decimal is not 2/3 (exact by default)")
B("repeating_decimal", r"1.\overline{2}", r"Let $x = 1.\overline{2}$, so $10x - x = 11$ and $x = \frac{11}{9}$.", r"\frac{11}{9}", EQ, "1.(2) = 11/9")
B("repeating_decimal", r"\frac{5}{12}", r"$\frac{5}{12} = 0.41666\ldots = 0.41\overline{6}$.", r"0.41\overline{6}", EQ, "0.41(6) = 5/12")

# ---------------------------------------------------------------------------- mixed_number
B("mixed_number", r"2\frac{1}{2}", r"She walked $\frac{5}{4} \cdot 2 = \frac{5}{2}$ miles.", r"\frac{5}{2}", EQ, "5/2 = 2 1/2")
B("mixed_number", r"2\frac{1}{2}", r"She walked $1.25 \times 2 = 2.5$ miles.", "2.5", EQ, "2.5 = 2 1/2")
B("mixed_number", r"\frac{7}{3}", r"$7 \div 3 = 2$ remainder $1$, so $2\frac{1}{3}$ cups.", r"2\frac{1}{3}", EQ, "mixed number 2 1/3 = 7/3")
B("mixed_number", r"\frac{7}{3}", r"$7 \div 3 = 2$ remainder $2$, so $2\frac{2}{3}$ cups.", r"2\frac{2}{3}", NE, "wrong remainder")
B("mixed_number", r"3\frac{3}{4}", r"Adding $1\frac{1}{2} + 2\frac{1}{4} = 3\frac{3}{4}$.", r"3 \frac{3}{4}", EQ, "space inside the mixed number")
B("mixed_number", r"-1\frac{1}{2}", r"The temperature dropped by $\frac{3}{2}$ degrees, so the change is $-\frac{3}{2}$.", r"-\frac{3}{2}", EQ, "-1 1/2 means -(1 + 1/2) = -3/2")
B("mixed_number", r"5\frac{1}{4}", r"$\frac{21}{4}$ pounds of flour.", "21/4", EQ, "21/4 = 5 1/4")
B("mixed_number", r"1\frac{1}{2}", r"The remaining part is $\frac{1}{2}$.", r"\frac{1}{2}", NE, "whole part lost")
B("mixed_number", r"2\frac{1}{2}", r"The product is $2 \cdot \frac{1}{2}$.", r"2\cdot\frac{1}{2}", NE, "explicit product 2*(1/2) = 1, not a mixed number")
B("mixed_number", r"4\frac{2}{3}", r"$\frac{14}{3} = 4.\overline{6}$.", r"4.\overline{6}", EQ, "4.(6) = 14/3")

# ---------------------------------------------------------------------------- radical
B("radical", r"2\sqrt{2}", r"The diagonal of a square with side 2 is $\sqrt{2^2 + 2^2} = \sqrt{8}$.", r"\sqrt{8}", EQ, "sqrt(8) = 2 sqrt(2)")
B("radical", r"2\sqrt{2}", r"The diagonal is $\sqrt{8} \approx 2.828$.", "2.828", NE, "decimal approximation of an irrational value")
B("radical", r"\frac{\sqrt{3}}{2}", r"The height of the equilateral triangle with side 1 is $\frac{1}{2}\sqrt{3}$.", r"\frac{1}{2}\sqrt{3}", EQ, "same value written as product")
B("radical", r"\frac{\sqrt{3}}{2}", r"$\sin 45^\circ = \frac{\sqrt{2}}{2}$.", r"\frac{\sqrt{2}}{2}", NE, "sqrt2/2 vs sqrt3/2")
B("radical", r"\sqrt[3]{2}", r"The edge of a cube of volume 2 is $2^{1/3}$.", r"2^{1/3}", EQ, "cube root as a rational power")
B("radical", r"\sqrt[3]{2}", r"The edge of a cube of volume 2 is $\sqrt{2}$.", r"\sqrt{2}", NE, "square root instead of cube root")
B("radical", r"3\sqrt{5}", r"The distance is $\sqrt{6^2 + 3^2} = \sqrt{45}$.", r"\sqrt{45}", EQ, "sqrt(45) = 3 sqrt(5)")
B("radical", r"\frac{\sqrt{2}}{2}", r"$\cos 45^\circ = \frac{1}{\sqrt{2}}$.", r"\frac{1}{\sqrt{2}}", EQ, "unrationalised denominator")
B("radical", r"\sqrt{2}+\sqrt{3}", r"Squaring gives $5 + 2\sqrt{6}$, so the value is $\sqrt{5+2\sqrt{6}}$.", r"\sqrt{5+2\sqrt{6}}", EQ, "denested radical: (sqrt2+sqrt3)^2 = 5+2sqrt6")
B("radical", r"\sqrt{2}+\sqrt{3}", r"Adding under the root, $\sqrt{2+3} = \sqrt{5}$.", r"\sqrt{5}", NE, "sqrt(a)+sqrt(b) is not sqrt(a+b)")
B("radical", r"4\sqrt{3}", r"The side is $\sqrt{48}$.", r"\sqrt{48}", EQ, "sqrt(48) = 4 sqrt(3)")
B("radical", r"6-2\sqrt{5}", r"Expanding, the value is $(\sqrt{5}-1)^2$.", r"(\sqrt{5}-1)^2", EQ, "(sqrt5 - 1)^2 = 6 - 2 sqrt5")
B("radical", r"\sqrt{2}", r"The ratio of the diagonal to the side is $\sqrt2$.", r"\sqrt2", EQ, "brace-less \\sqrt2")
B("radical", r"2\sqrt{6}", r"Simplifying, $\sqrt{24} = \sqrt{4 \cdot 6} = \sqrt{6} \cdot 2$.", r"\sqrt{6} \cdot 2", EQ, "reordered product")
B("radical", r"5\sqrt{2}", r"$\sqrt{50} = 5\sqrt{2}$... actually $\sqrt{50} = 2\sqrt{5}$.", r"2\sqrt{5}", NE, "2 sqrt5 (4.47) vs 5 sqrt2 (7.07)")

# ---------------------------------------------------------------------------- pi_trig_log
B("pi_trig_log", r"\pi", r"The circumference of a circle of diameter 1 is $\pi \approx 3.14$.", "3.14", NE, "3.14 is an approximation, not pi")
B("pi_trig_log", r"2\pi", r"The period of $\sin x$ is $\pi \cdot 2$.", r"\pi \cdot 2", EQ, "reordered product")
B("pi_trig_log", r"16\pi", r"The area is $\pi r^2 = \pi \cdot 4^2 = 16\pi$ square units.", r"16 \pi \text{ square units}", EQ, "unit stated only in the answer")
B("pi_trig_log", r"\frac{\pi}{3}", r"The angle whose cosine is $\frac{\sqrt{3}}{2}$ is $\frac{\pi}{6}$.", r"\frac{\pi}{6}", NE, "pi/6 vs pi/3")
B("pi_trig_log", r"\frac{1}{2}", r"The value is $\sin\frac{\pi}{6}$.", r"\sin\frac{\pi}{6}", EQ, "sin(pi/6) = 1/2")
B("pi_trig_log", r"\frac{\ln 10}{\ln 2}", r"Solving $2^x = 10$ gives $x = \log_2 10$.", r"\log_2 10", EQ, "change of base")
B("pi_trig_log", r"\log_{2} 3", r"Solving $3^x = 2$ gives $x = \log_3 2$.", r"\log_3 2", NE, "base and argument swapped")
B("pi_trig_log", "3", r"$\log_2 8$ is the exponent with $2^? = 8$.", r"\log_2 8", EQ, "log_2 8 = 3")
B("pi_trig_log", r"e^{2}", r"The value is $e^2$.", r"e^2", EQ, "brace-less exponent")
B("pi_trig_log", r"e^{2}", r"The value is $e^2 \approx 7.389$.", "7.389", NE, "decimal approximation of e^2")
B("pi_trig_log", r"\frac{\sqrt{2}}{2}", r"We need $\cos\frac{\pi}{4}$.", r"\cos\frac{\pi}{4}", EQ, "cos(pi/4) = sqrt2/2")
B("pi_trig_log", r"\pi", r"Archimedes' bound gives $\frac{22}{7}$.", r"\frac{22}{7}", NE, "22/7 is not pi")
B("pi_trig_log", r"100\pi", r"The area is $100\pi \approx 314.159$.", "314.159", NE, "approximation")
B("pi_trig_log", r"2-\sqrt{3}", r"The value is $\tan\frac{\pi}{12}$.", r"\tan\frac{\pi}{12}", EQ, "tan(pi/12) = 2 - sqrt3")
B("pi_trig_log", r"4\pi", r"The area is $\pi r^2$ with $r = 2$, giving $(2\pi)^2 = 4\pi^2$.", r"4\pi^2", NE, "4 pi^2 vs 4 pi")
B("pi_trig_log", r"\frac{4}{3}\pi", r"The volume of the unit ball is $\frac{4\pi}{3}$.", r"\frac{4\pi}{3}", EQ, "4pi/3")
B("pi_trig_log", r"\frac{\pi}{4}", r"$\arctan 1 = \frac{\pi}{4}$.", r"\arctan 1", EQ, "arctan(1) = pi/4")

# ---------------------------------------------------------------------------- expression
B("expression", "2x+3", r"Simplifying $5x + 3 - 3x$ gives $3 + 2x$.", "3+2x", EQ, "reordered sum")
B("expression", r"\frac{x+1}{x-1}", r"Dividing, the expression simplifies to $\frac{x-1}{x+1}$.", r"\frac{x-1}{x+1}", NE, "reciprocal")
B("expression", r"\frac{1}{x(x+1)}", r"By partial fractions, $\frac{1}{x} - \frac{1}{x+1}$.", r"\frac{1}{x}-\frac{1}{x+1}", EQ, "partial fraction form")
B("expression", r"a^2b", r"The product is $b a^2$.", r"ba^2", EQ, "reordered product")
B("expression", r"a^2b", r"The product is $ab^2$.", r"ab^2", NE, "exponent on the wrong factor")
B("expression", r"\frac{3}{2}x", r"So $y = \frac{3x}{2}$.", r"\frac{3x}{2}", EQ, "coefficient moved into the numerator")
B("expression", r"\frac{3}{2}x", r"So $y = 1.5x$.", "1.5x", EQ, "decimal coefficient 1.5 = 3/2")
B("expression", r"2^{n+1}-2", r"The sum $2 + 4 + \dots + 2^n = 2(2^n - 1)$.", r"2(2^n-1)", EQ, "factored form")
B("expression", r"\frac{n(n+1)}{2}", r"The sum of the first $n$ integers is $\frac{n^2+n}{2}$.", r"\frac{n^2+n}{2}", EQ, "expanded numerator")
B("expression", r"\frac{n(n+1)}{2}", r"The number of pairs is $\frac{n(n-1)}{2}$.", r"\frac{n(n-1)}{2}", NE, "n-1 vs n+1")
B("expression", "2ab", r"The cross term is $2 a \cdot b$.", r"2 a \cdot b", EQ, "explicit multiplication dot")
B("expression", r"\frac{a+b}{2}", r"The midpoint coordinate is $\frac{a}{2} + \frac{b}{2}$.", r"\frac{a}{2}+\frac{b}{2}", EQ, "split fraction")
B("expression", "4xy", r"Then $(x+y)^2 - (x-y)^2 = 4x + y$.", "4x+y", NE, "sum instead of product")
B("expression", r"\frac{x}{x^2-1}", r"Combining, $\frac{1}{2}\left(\frac{1}{x-1} + \frac{1}{x+1}\right)$.", r"\frac{1}{2}\left(\frac{1}{x-1}+\frac{1}{x+1}\right)", EQ, "rational function, partial fractions")
B("expression", r"\frac{x}{x^2-1}", r"Combining, $\frac{1}{2}\left(\frac{1}{x-1} - \frac{1}{x+1}\right)$.", r"\frac{1}{2}\left(\frac{1}{x-1}-\frac{1}{x+1}\right)", NE, "that is 1/(x^2-1)")

# ---------------------------------------------------------------------------- polynomial
B("polynomial", "x^2+2x+1", r"This is a perfect square: $(x+1)^2$.", "(x+1)^2", EQ, "factored vs expanded")
B("polynomial", "(x-2)(x+3)", r"Expanding, $x^2 + 3x - 2x - 6 = x^2 + x - 6$.", "x^2+x-6", EQ, "expanded vs factored")
B("polynomial", "(x-2)(x+3)", r"Expanding, $x^2 - 3x + 2x - 6 = x^2 - x - 6$.", "x^2-x-6", NE, "sign error in the linear term")
B("polynomial", "x^3-1", r"Difference of cubes: $(x-1)(x^2+x+1)$.", "(x-1)(x^2+x+1)", EQ, "factored difference of cubes")
B("polynomial", "x^3-1", r"Difference of cubes: $(x-1)(x^2-x+1)$.", "(x-1)(x^2-x+1)", NE, "wrong sign in the quadratic factor")
B("polynomial", "2x^2-8", r"Factor out 2: $2(x^2-4) = 2(x-2)(x+2)$.", "2(x-2)(x+2)", EQ, "fully factored")
B("polynomial", "x^4+4", r"By Sophie Germain, $x^4 + 4 = (x^2+2x+2)(x^2-2x+2)$.", "(x^2+2x+2)(x^2-2x+2)", EQ, "Sophie Germain identity")
B("polynomial", "3x^2 - 5x + 2", r"Collecting terms gives $3x^2-5x+2$.", "3x^2-5x+2", EQ, "spacing only")
B("polynomial", "x^2 - 5x + 6", r"The polynomial with roots $-1$ and $6$ is $x^2 - 5x - 6$.", "x^2-5x-6", NE, "constant term sign")
B("polynomial", "(a+b)^3", r"By the binomial theorem, $a^3 + 3a^2b + 3ab^2 + b^3$.", "a^3+3a^2b+3ab^2+b^3", EQ, "binomial expansion")
B("polynomial", "(a+b)^3", r"Cubing each term, $a^3 + b^3$.", "a^3+b^3", NE, "freshman's dream")
B("polynomial", "(x+1)^{10}", r"By the binomial theorem the coefficients are $\binom{10}{k}$.", "x^{10}+10x^9+45x^8+120x^7+210x^6+252x^5+210x^4+120x^3+45x^2+10x+1", EQ, "degree-10 expansion")
B("polynomial", "(x+1)^{10}", r"By the binomial theorem the coefficients are $\binom{10}{k}$.", "x^{10}+10x^9+45x^8+120x^7+210x^6+251x^5+210x^4+120x^3+45x^2+10x+1", NE, "one coefficient off by one")
B("polynomial", "6x^3-x^2-x", r"Factoring out $x$: $x(3x+1)(2x-1)$.", "x(3x+1)(2x-1)", EQ, "x(6x^2 - x - 1) factored")
B("polynomial", "x^2-y^2", r"$(x-y)(x+y)$ is the difference of squares.", "(x-y)(x+y)", EQ, "two variables")

# ---------------------------------------------------------------------------- equation
B("equation", "y=2x+1", r"The line through $(0,1)$ and $(1,3)$ satisfies $2x - y + 1 = 0$.", "2x-y+1=0", EQ, "same line in general form")
B("equation", "y=2x+1", r"The slope is 2 and the intercept is $-1$, so $y = 2x - 1$.", "y=2x-1", NE, "different intercept")
B("equation", "3", r"Solving $2x - 6 = 0$ gives $x = 3$.", "x=3", EQ, "x=3 when the gold is the value 3")
B("equation", "x=3", r"Solving $2x - 6 = 0$ gives 3.", "3", EQ, "value when the gold is x=3")
B("equation", "3", r"Solving $2x - 6 = 2$ gives $x = 4$.", "x=4", NE, "wrong value")
B("equation", r"y=-\frac{1}{2}x+3", r"Clearing denominators, the line is $x + 2y = 6$.", "x+2y=6", EQ, "same line")
B("equation", r"y=-\frac{1}{2}x+3", r"Clearing denominators, the line is $x + 2y = 3$.", "x+2y=3", NE, "different line")
B("equation", "x^2+y^2=25", r"The circle centred at the origin through $(3,4)$ is $x^2 + y^2 - 25 = 0$.", "x^2+y^2-25=0", EQ, "moved constant")
B("equation", "x^2+y^2=25", r"The radius is 5, so $x^2 + y^2 = 5$.", "x^2+y^2=5", NE, "radius instead of radius squared")
B("equation", "2x+3y=6", r"Doubling both sides, $4x + 6y = 12$.", "4x+6y=12", EQ, "equation scaled by 2")
B("equation", "(x-1)^2+(y+2)^2=9", r"Expanding the circle equation: $x^2 - 2x + y^2 + 4y - 4 = 0$.", "x^2-2x+y^2+4y-4=0", EQ, "expanded circle equation")
B("equation", "y = x^2", r"The parabola is $x^2 = y$.", "x^2 = y", EQ, "sides swapped")
B("equation", "5", r"Solving for $k$: $3k = 15$, so $k = 5$.", "k=5", EQ, "named variable with the gold value")
B("equation", "y=3x", r"The line through the origin with slope $\frac13$ is $y = \frac{x}{3}$.", r"y=\frac{x}{3}", NE, "slope reciprocal")

# ---------------------------------------------------------------------------- inequality_interval
B("inequality_interval", "[2,5]", r"Both inequalities hold for $2 \le x \le 5$.", r"2\le x\le 5", EQ, "double inequality = closed interval")
B("inequality_interval", "[2,5]", r"The solution set is $(2,5)$.", "(2,5)", NE, "open ends vs closed ends")
B("inequality_interval", "[2,5)", r"The solution set is $[2,5]$.", "[2,5]", NE, "right end closed vs open")
B("inequality_interval", r"(-\infty, 3)", r"Dividing by 2 gives $x < 3$.", "x<3", EQ, "strict inequality = open ray")
B("inequality_interval", r"(-\infty, 3)", r"Dividing by 2 gives $x \le 3$.", r"x\le 3", NE, "non-strict vs strict")
B("inequality_interval", r"(-\infty,3]", r"The set of solutions is $(-\infty, 3]$.", r"(-\infty, 3]", EQ, "spacing only")
B("inequality_interval", r"[1,\infty)", r"The domain requires $x - 1 \ge 0$, i.e. $x \geq 1$.", r"x \geq 1", EQ, r"\geq ray")
B("inequality_interval", "(0,1)", r"Both factors are positive when $0 < x < 1$.", "0<x<1", EQ, "double strict inequality")
B("inequality_interval", "(0,1)", r"The interval is $\left(0, 1\right)$.", r"\left(0, 1\right)", EQ, r"\left( \right) delimiters")
B("inequality_interval", "x > -2", r"The solution is all $x$ in $(-2, \infty)$.", r"(-2, \infty)", EQ, "interval when the gold is an inequality")
B("inequality_interval", "(-3, 4]", r"The solution set is $-3 < x \leq 4$.", r"-3 < x \leq 4", EQ, "inequality matches half-open interval")
B("inequality_interval", "(-3, 4]", r"The solution set is $-3 \le x < 4$.", r"-3 \leq x < 4", NE, "ends reversed")
B("inequality_interval", r"[-1,\infty)", r"Thus $x \in [-1, \infty)$.", r"x \in [-1, \infty)", EQ, "x in interval")
B("inequality_interval", r"(-\infty,-2]", r"So $x \le 2$.", r"x \le 2", NE, "sign of the endpoint")

# ---------------------------------------------------------------------------- interval_union
B("interval_union", r"(-\infty,-1)\cup(1,\infty)", r"The quadratic $x^2 - 1 > 0$ holds outside the roots: $(1,\infty)\cup(-\infty,-1)$.", r"(1,\infty)\cup(-\infty,-1)", EQ, "union in other order")
B("interval_union", r"(-\infty,-1)\cup(1,\infty)", r"$x^2 \ge 1$ gives $(-\infty,-1]\cup[1,\infty)$.", r"(-\infty,-1]\cup[1,\infty)", NE, "closed ends vs open ends")
B("interval_union", r"(-\infty,2)\cup(2,\infty)", r"The function is defined for every real number except 2, so $x \neq 2$.", r"x \neq 2", EQ, "x != 2 is R minus {2}")
B("interval_union", r"[-3,-1]\cup[1,3]", r"Solving $1 \le |x| \le 3$: $[-3,-1] \cup [1,3]$.", r"[-3,-1] \cup [1,3]", EQ, "spacing only")
B("interval_union", r"[-3,-1]\cup[1,3]", r"Solving $|x| \le 3$: $[-3,3]$.", "[-3,3]", NE, "lost the hole (-1,1)")
B("interval_union", r"(-\infty, 0] \cup (2, 5)", r"Sign analysis gives $x \le 0$ or $2 < x < 5$.", r"x \le 0 \text{ or } 2 < x < 5", EQ, "inequalities joined by 'or' describe the union")
B("interval_union", r"(-\infty,1)\cup(1,\infty)", r"The domain is all real numbers, $(-\infty,\infty)$.", r"(-\infty,\infty)", NE, "point 1 must be excluded")
B("interval_union", r"(0,2)\cup(2,4)", r"The solution is $(0,4)$.", "(0,4)", NE, "point 2 must be excluded")
B("interval_union", "[0,2]", r"Combining the two cases, $[0,1] \cup [1,2]$.", r"[0,1]\cup[1,2]", EQ, "adjacent closed intervals union to [0,2]")
B("interval_union", r"(-\infty,-2)\cup(3,\infty)", r"So $x \in (-\infty, -2) \cup (3, \infty)$.", r"x \in (-\infty, -2) \cup (3, \infty)", EQ, "x in union")

# ---------------------------------------------------------------------------- set
B("set", r"\{1,2,3\}", r"The divisors of 6 less than 6 are $\{3, 1, 2\}$.", r"\{3,1,2\}", EQ, "sets are unordered")
B("set", r"\{1,2,3\}", r"The divisors are $\{1, 2\}$.", r"\{1,2\}", NE, "missing element")
B("set", "-2, 1", r"Factoring $x^2 + x - 2 = (x-1)(x+2)$, the solutions are $1, -2$.", "1, -2", EQ, "MATH 'all solutions' list in other order")
B("set", "-2, 1", r"Factoring, the solution is $x = -2$.", "-2", NE, "only one of the two solutions")
B("set", r"\{-1, 1\}", r"$x^2 = 1$ gives $x = \pm 1$.", r"\pm 1", EQ, "plus-minus is the set {-1, 1}")
B("set", "3, -3", r"$x^2 = 9$ so $x = \pm 3$.", r"\pm 3", EQ, "plus-minus list")
B("set", r"\{2,4,6\}", r"The even numbers up to 8 are $\{2,4,6,8\}$.", r"\{2,4,6,8\}", NE, "extra element")
B("set", "1,2", r"The roots are 1 and 2, so the solution set is $\{1, 2\}$.", r"\{1, 2\}", EQ, "list vs set notation")
B("set", "2, 3", r"Factoring $(x-2)(x-3) = 0$, we get $x = 2$ or $x = 3$.", r"x=2 \text{ or } x=3", EQ, "every solution stated with 'or' is the full solution set, not a hedge")
B("set", r"\{1, 3, 5, 7\}", r"The odd numbers less than 8: $\{7, 5, 3, 1\}$.", r"\{7,5,3,1\}", EQ, "reversed order set")
B("set", "0, 1, -1", r"Solving $x^3 = x$: $x(x^2 - 1) = 0$, so $x = 0, 1$.", "0, 1", NE, "missing solution -1")

# ---------------------------------------------------------------------------- tuple_point
B("tuple_point", "(1,2)", r"Solving the system gives $x = 1$ and $y = 2$, i.e. $(1, 2)$.", "(1, 2)", EQ, "spacing only")
B("tuple_point", "(1,2)", r"Solving the system, the ordered pair is $(2, 1)$.", "(2,1)", NE, "ordered pair swapped")
B("tuple_point", "(3,-1,2)", r"The intersection point is $(3, -1)$.", "(3,-1)", NE, "partial tuple")
B("tuple_point", r"(\frac{1}{2}, 3)", r"The midpoint is $(0.5, 3)$.", "(0.5, 3)", EQ, "decimal component")
B("tuple_point", "(2,3)", r"Substituting back, $x = 2$ and $y = 3$.", "x=2, y=3", EQ, "named coordinates x=2, y=3 give the point (2,3)")
B("tuple_point", "(1,500)", r"The vertex of the parabola is at $(1, 500)$.", "(1, 500)", EQ, "comma inside a tuple is a separator, not a thousands separator")
B("tuple_point", "(0,0)", r"The origin in 3D is $(0,0,0)$.", "(0,0,0)", NE, "wrong dimension")
B("tuple_point", "(-1, 4)", r"The centre is $\left(-1,4\right)$.", r"\left(-1,4\right)", EQ, r"\left( \right)")
B("tuple_point", r"\left( 4, \frac{\pi}{3} \right)", r"In polar coordinates $r = 4$, $\theta = \frac{\pi}{3}$.", r"\left(4, \frac{\pi}{3}\right)", EQ, "polar point")
B("tuple_point", r"\left( 4, \frac{\pi}{3} \right)", r"In polar coordinates $r = 4$, $\theta = \frac{\pi}{6}$.", r"\left(4, \frac{\pi}{6}\right)", NE, "wrong angle")
B("tuple_point", "(1,2,3)", r"The solution of the system is $(1, 3, 2)$.", "(1,3,2)", NE, "ordered triple permuted")
R1("tuple_point", "(6, -1)", "From the first equation x = 5 - y... substitute: 2(5-y) + 3y = 9, so y = -1, x = 6.", "(6,-1)", EQ, "R1 answer tag pair")

# ---------------------------------------------------------------------------- vector_matrix
B("vector_matrix", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"The projection is $\begin{pmatrix}1\\2\end{pmatrix}$.", r"\begin{pmatrix}1\\2\end{pmatrix}", EQ, "spacing only")
B("vector_matrix", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"The projection is $\begin{pmatrix} 2 \\ 1 \end{pmatrix}$.", r"\begin{pmatrix} 2 \\ 1 \end{pmatrix}", NE, "components swapped")
B("vector_matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"The matrix is $\begin{bmatrix}1&2\\3&4\end{bmatrix}$.", r"\begin{bmatrix}1&2\\3&4\end{bmatrix}", EQ, "bmatrix vs pmatrix")
B("vector_matrix", r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"The matrix is $\begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix}$.", r"\begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix}", NE, "transposed")
B("vector_matrix", r"\begin{pmatrix} 1/2 \\ -3 \end{pmatrix}", r"Solving, $\begin{pmatrix} \frac{1}{2} \\ -3 \end{pmatrix}$.", r"\begin{pmatrix} \frac{1}{2} \\ -3 \end{pmatrix}", EQ, "fraction forms")
B("vector_matrix", r"\begin{pmatrix} 2 \\ -1 \\ 5 \end{pmatrix}", r"The cross product is $\begin{pmatrix} 2 \\ -1 \end{pmatrix}$.", r"\begin{pmatrix} 2 \\ -1 \end{pmatrix}", NE, "missing component")
B("vector_matrix", r"\begin{pmatrix} 0 & 1 \\ -1 & 0 \end{pmatrix}", r"Rotation by $-90^\circ$ is $\begin{pmatrix} 0 & 1 \\ -1 & 0 \end{pmatrix}$.", r"\begin{pmatrix} 0 & 1 \\ -1 & 0 \end{pmatrix}", EQ, "identical matrix")
B("vector_matrix", r"\begin{pmatrix} -3/5 \\ 4/5 \end{pmatrix}", r"Normalising gives $\begin{pmatrix} -0.6 \\ 0.8 \end{pmatrix}$.", r"\begin{pmatrix} -0.6 \\ 0.8 \end{pmatrix}", EQ, "decimals equal to the fractions")
B("vector_matrix", r"\begin{pmatrix} 2 & 0 \\ 0 & 2 \end{pmatrix}", r"The matrix is $\begin{pmatrix} 2 & 0 \\ 0 & 3 \end{pmatrix}$.", r"\begin{pmatrix} 2 & 0 \\ 0 & 3 \end{pmatrix}", NE, "one entry differs")
B("vector_matrix", r"\begin{pmatrix} 6 \\ -3 \end{pmatrix}", r"The vector is $3\begin{pmatrix} 2 \\ -1 \end{pmatrix}$, that is $\begin{pmatrix} 6 \\ -3 \end{pmatrix}$.", r"\begin{pmatrix} 6 \\ -3 \end{pmatrix}", EQ, "identical vector")

# ---------------------------------------------------------------------------- yes_no
B("yes_no", r"\text{Yes}", r"Since $91 = 7 \cdot 13$, the number is composite, so yes, it can be written as such a product.", r"\text{Yes}", EQ, "identical text")
B("yes_no", r"\text{Yes}", r"The construction works, so the answer is yes.", "yes", EQ, "case and \\text dropped")
B("yes_no", r"\text{Yes}", r"No such arrangement exists.", r"\text{No}", NE, "opposite")
B("yes_no", "No", r"The parity argument shows it is impossible.", r"\text{no}", EQ, "case difference")
B("yes_no", "No", r"We found an example, so it is possible.", "Yes", NE, "opposite")
B("yes_no", r"\text{yes}", r"The invariant is preserved, so it is possible.", r"\textbf{Yes}", EQ, "bold text")
R1("yes_no", r"\text{No}", "Sum of the numbers is odd, but each move keeps the sum even. So impossible.", "No", EQ, "R1 answer")
B("yes_no", "Yes", r"Hmm, every attempt fails, so no.", r"\text{NO}", NE, "opposite in capitals")

# ---------------------------------------------------------------------------- multiple_choice
B("multiple_choice", "B", r"Only option (B) satisfies both conditions.", "B", EQ, "letter")
B("multiple_choice", "B", r"Checking each option, (B) works.", "(B)", EQ, "letter in parentheses")
B("multiple_choice", "B", r"Option B is correct.", r"\text{(B)}", EQ, r"\text{(B)}")
B("multiple_choice", "B", r"Option (C) gives the correct area.", "C", NE, "different letter")
B("multiple_choice", r"\textbf{(B) }12", r"The number of such integers is 12.", r"\textbf{(B) }12", EQ, "identical AMC form")
B("multiple_choice", r"\textbf{(B) }12", r"There are 12 of them, which is choice B.", "B", EQ, "letter of the gold choice")
B("multiple_choice", r"\textbf{(B) }12", r"There are exactly $12$ such integers.", "12", EQ, "value of the gold choice")
B("multiple_choice", r"\textbf{(B) }12", r"There are $15$ such integers.", r"\textbf{(C) }15", NE, "different choice")
B("multiple_choice", r"\textbf{(B) }12", r"Counting gives 12.", "(B) 12", EQ, "letter and value without bold")
RAW("multiple_choice", "D", "Let's test each answer choice. (A) fails because the sum is odd. (B) and (C) exceed the bound. Only (D) satisfies all three conditions.\n\nThe answer is (D).", EQ, "'The answer is (D).'")
RAW("multiple_choice", "D", "Testing the choices, (A) gives a perimeter of 24, which matches.\n\nThe answer is (A).", NE, "different letter via 'The answer is'")
B("multiple_choice", r"\text{(E)}", r"None of the first four work, so it's E.", "E", EQ, "bare letter vs \\text{(E)}")
B("multiple_choice", "A", r"The answer is option A.", r"\mathrm{(A)}", EQ, r"\mathrm{(A)}")
B("multiple_choice", r"\textbf{(D)}\ 20", r"The total is $20$.", r"\textbf{(D)}\ 20", EQ, "AMC form with \\ spacing")
B("multiple_choice", r"\textbf{(D)}\ 20", r"The total is $25$.", "25", NE, "value not equal to the gold choice's value")

# ---------------------------------------------------------------------------- text
B("text", r"\text{Tuesday}", r"Today is Saturday. Three days later is Sunday, Monday, Tuesday.", r"\text{Tuesday}", EQ, "identical text")
B("text", r"\text{Tuesday}", r"Counting forward 3 days from Saturday gives Tuesday.", "Tuesday", EQ, "text without \\text")
B("text", r"\text{Tuesday}", r"Counting forward 4 days from Saturday gives Wednesday.", r"\text{Wednesday}", NE, "different day")
B("text", r"\text{even}", r"The product of two consecutive integers is always even.", r"\text{even}", EQ, "identical")
B("text", r"\text{even}", r"The sum of two odd numbers is odd.", r"\text{odd}", NE, "opposite parity")
B("text", r"\text{Navin}", r"Converting each amount to dollars, Navin earns the most.", r"\text{Navin}", EQ, "identical name")
B("text", r"\text{Navin}", r"Converting each amount to dollars, Luka earns the most.", r"\text{Luka}", NE, "different name")
B("text", r"\text{east}", r"After the four turns the robot faces East.", r"\text{East}", EQ, "case difference")
B("text", r"\text{ellipse}", r"Both squared terms have positive coefficients, so the conic is an ellipse.", r"\text{ellipse}", EQ, "conic type")
B("text", r"\text{ellipse}", r"The squared terms have opposite signs, so it is a hyperbola.", r"\text{hyperbola}", NE, "different conic")
R1("text", r"\text{Sunday}", "Today is Wednesday. 4 days later: Thu, Fri, Sat, Sun. So Sunday.", "Sunday", EQ, "R1 answer text")

# ---------------------------------------------------------------------------- no_solution
B("no_solution", r"\text{no solution}", r"Subtracting the equations gives $0 = 5$, a contradiction, so the solution set is empty.", r"\emptyset", EQ, "empty set = no solution")
B("no_solution", r"\emptyset", r"The system is inconsistent.", r"\text{No solution}", EQ, "no solution = empty set")
B("no_solution", r"\emptyset", r"No real $x$ satisfies $x^2 < 0$.", r"\varnothing", EQ, r"\varnothing")
B("no_solution", r"\text{no solution}", r"The two lines are parallel, so they never meet.", r"\{\}", EQ, "empty braces")
B("no_solution", r"\text{no solution}", r"Setting $x = 0$ satisfies the equation.", "0", NE, "claims a solution")
B("no_solution", r"\text{DNE}", r"The left and right limits differ, so the limit does not exist.", r"\text{does not exist}", EQ, "DNE spelled out")
B("no_solution", r"\text{DNE}", r"The function blows up, so the limit is $\infty$.", r"\infty", NE, "infinity is not DNE")
B("no_solution", "2", r"Squaring introduces an extraneous root, so there is no solution.", r"\text{no solution}", NE, "gold has a solution")
B("no_solution", r"\emptyset", r"The only candidate is $x = 0$.", r"\{0\}", NE, "{0} is not empty")

# ---------------------------------------------------------------------------- units
B("units", r"8\text{ inches}", r"The perimeter is $2 + 2 + 2 + 2 = 8$ feet.", r"8\text{ feet}", NE, "both state units and they differ (inches vs feet)")
B("units", r"8\text{ inches}", r"The perimeter is $4 \times 2 = 8$.", "8", EQ, "unit stated only in the gold")
B("units", "8", r"Each side is 2 inches, so the perimeter is 8 inches.", r"8\text{ inches}", EQ, "unit stated only in the answer")
B("units", r"12\text{ cm}^2", r"The area is $3 \times 4 = 12$ cm$^2$.", r"12 \text{ cm}^2", EQ, "same unit")
B("units", r"12\text{ cm}^2", r"The area is $3 \times 4 = 12$ cm.", r"12 \text{ cm}", NE, "cm vs cm^2")
B("units", r"45 \text{ mph}", r"The speed is $\frac{90}{2} = 45$ miles per hour.", r"45 \text{ miles per hour}", EQ, "mph spelled out")
B("units", r"5\text{ meters}", r"The ladder reaches $\sqrt{3^2+4^2} = 5$ m.", r"5 \text{ m}", EQ, "abbreviation of the same unit")
B("units", r"5\text{ meters}", r"The distance is 5 km.", r"5\text{ km}", NE, "meters vs kilometres")
B("units", r"3\text{ hours}", r"Time is distance over speed: $\frac{180}{60} = 3$ hr.", r"3\text{ hr}", EQ, "abbreviation")
B("units", "60", r"The area of the triangle is $\frac{1}{2} \cdot 10 \cdot 12 = 60$ square units.", r"60 \text{ square units}", EQ, "'square units' with unitless gold")
B("units", r"20\text{ minutes}", r"The tap fills the tank in 20 seconds.", r"20\text{ seconds}", NE, "minutes vs seconds")
B("units", r"9\text{ cm}", r"The side is $\sqrt{81} = 9$ centimeters.", r"9 \text{ centimeters}", EQ, "cm spelled out")
B("units", r"7\text{ km}", r"The remaining distance is 7 miles.", r"7\text{ miles}", NE, "km vs miles")

# ---------------------------------------------------------------------------- percent
B("percent", "10", r"The price dropped from 50 to 45, a decrease of $\frac{5}{50} = 10\%$.", r"10\%", EQ, "percent answer, gold is the percent number")
B("percent", "0.1", r"The rate is $\frac{5}{50} = 10\%$.", r"10\%", EQ, "percent answer, gold is the fraction P/100")
B("percent", r"10\%", r"The rate is $\frac{5}{50} = 0.1$.", "0.1", EQ, "fraction answer for a percent gold")
B("percent", r"10\%", r"The decrease is 10 percent, so 10.", "10", EQ, "percent number without the sign")
B("percent", r"10\%", r"The decrease is $\frac{0.5}{50} = 1\%$.", r"1\%", NE, "both percent, different numbers")
B("percent", r"25\%", r"One quarter is $25 \%$.", r"25 \%", EQ, "space before percent sign")
B("percent", r"25\%", r"One of four equal parts: $\frac{1}{4}$.", r"\frac{1}{4}", EQ, "1/4 = 25/100")
B("percent", "10", r"The ratio is $\frac{5}{50} = 0.1$.", "0.1", NE, "no percent sign anywhere: 0.1 is not 10")
B("percent", r"12.5\%", r"One eighth is 12.5 percent.", r"12.5\text{ percent}", EQ, "word percent")
B("percent", "20", r"He answered $\frac{8}{40} = 20\%$ of the questions wrong.", r"20\%", EQ, "GSM-style 'what percent' gold")
B("percent", r"20\%", r"The growth is $\frac{1}{50} = 0.02$.", "0.02", NE, "0.02 is 2%, not 20%")
B("percent", "40", r"The discount is $\frac{30}{75} = 4\%$.", r"4\%", NE, "4% vs 40")

# ---------------------------------------------------------------------------- currency
B("currency", "5", r"Each ticket costs $\frac{\$20}{4} = \$5$.", r"\$5", EQ, "currency symbol ignored when the gold has none")
B("currency", r"\$5", r"Each ticket costs $20 \div 4 = 5$ dollars.", "5", EQ, "gold has the symbol, answer does not")
B("currency", "5", r"Each ticket costs \$5.00.", r"\$5.00", EQ, "cents notation")
GSM("currency", "18", "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer's market.", "$18", EQ, "GSM8K answer with a dollar sign")
B("currency", "1250", r"The total cost is $25 \times 50 = \$1,250$.", r"\$1,250", EQ, "dollar sign and thousands separator")
B("currency", "5", r"Each ticket costs \$50.", r"\$50", NE, "wrong amount")
B("currency", r"\$4.50", r"Three apples at \$1.50 cost \$4.5.", "4.5", EQ, "4.5 = $4.50")
B("currency", "3.5", r"The change is 3.50 dollars.", r"3.50 \text{ dollars}", EQ, "'dollars' word")
B("currency", r"\$12", r"The total is \$21.", r"\$21", NE, "digits swapped")
GSM("currency", "64", "Kylar buys 16 glasses; 8 at $5 and 8 at $3.\n8 * 5 = <<8*5=40>>40 and 8 * 3 = <<8*3=24>>24.\nTotal 40 + 24 = <<40+24=64>>64 dollars.", "64", EQ, "GSM8K plain")

# ---------------------------------------------------------------------------- degrees
B("degrees", "90", r"The angle inscribed in a semicircle is a right angle, $90^\circ$.", r"90^\circ", EQ, "degree sign, unitless gold")
B("degrees", r"90^\circ", r"The inscribed angle subtends a diameter, so it measures 90.", "90", EQ, "gold with degrees, answer without")
B("degrees", r"90^\circ", r"It is a right angle: 90°.", "90°", EQ, "unicode degree sign")
B("degrees", r"45^\circ", r"The triangle is isosceles right, so each acute angle is 45 degrees.", r"45 \text{ degrees}", EQ, "word degrees")
B("degrees", r"45^\circ", r"The exterior angle is $180^\circ - 45^\circ = 135^\circ$.", r"135^\circ", NE, "supplement")
B("degrees", "60", r"Each angle of an equilateral triangle measures $60^{\circ}$.", r"60^{\circ}", EQ, "braced degree sign")
B("degrees", r"120^\circ", r"The interior angle of a regular hexagon is $\frac{(6-2) \cdot 180^\circ}{6} = 120^\circ$.", r"120^\circ", EQ, "identical")
B("degrees", "36", r"Each exterior angle of a regular decagon is $\frac{360}{10} = 36^\circ$.", r"36^\circ", EQ, "degrees with unitless gold")
B("degrees", "36", r"Each angle is $63^\circ$.", r"63^\circ", NE, "digits swapped")
B("degrees", r"72^\circ", r"$\angle ABC = 72^{\circ}$, which is $72\,^\circ$.", r"72\,^\circ", EQ, "thin space before the degree sign")

# ---------------------------------------------------------------------------- thousands
B("thousands", "1,000", r"Ten boxes of 100 pencils make 1000 pencils.", "1000", EQ, "gold with separator")
B("thousands", "1000", r"Ten boxes of 100 pencils make 1,000 pencils.", "1,000", EQ, "answer with separator")
B("thousands", "1000", r"That is $10 \times 100 = 1{,}000$.", "1{,}000", EQ, "braced comma separator")
B("thousands", "1234567", r"Summing the three place values gives 1,234,567.", "1,234,567", EQ, "two separators")
GSM("thousands", "1,234", "The school has 617 boys and 617 girls.\n617 + 617 = <<617+617=1234>>1234 students.", "1234", EQ, "GSM8K gold with comma")
B("thousands", "1000", r"That is $1\,000$ items.", r"1\,000", EQ, "thin-space separator")
B("thousands", "10,000", r"Ten times one hundred is 1,000.", "1,000", NE, "factor of 10")
B("thousands", "1,500", r"The total is 15,000.", "15,000", NE, "factor of 10")
B("thousands", "25,000", r"The salary after the raise is $25,000.00$.", "25,000.00", EQ, "separator and cents")
GSM("thousands", "3,600", "There are 60 seconds in a minute and 60 minutes in an hour.\n60 * 60 = <<60*60=3600>>3600 seconds.", "3,600", EQ, "both with separator")

# ---------------------------------------------------------------------------- extraction_boxed
RAW("extraction_boxed", r"\frac{1}{2}", "We need the probability of an even sum.\nBy symmetry, exactly half of the 36 outcomes have an even sum, giving $\\frac{18}{36}$.\n\nThus the probability is $\\boxed{\\frac{1}{2}}$.", EQ, "nested braces inside \\boxed")
RAW("extraction_boxed", "7", "Counting the lattice points on the segment gives 7 points.\n\n\\fbox{7}", EQ, "\\fbox")
RAW("extraction_boxed", "15", "First I counted the red marbles: $\\boxed{12}$. But the question asks for the blue ones: $27 - 12 = 15$.\n\nFinal answer: $\\boxed{15}$", EQ, "last box is the final answer")
RAW("extraction_boxed", "12", "First I counted the red marbles: $\\boxed{12}$. But the question asks for the blue ones: $27 - 12 = 15$.\n\nFinal answer: $\\boxed{15}$", NE, "an earlier intermediate box is not the final answer")
RAW("extraction_boxed", "9", "The square of 3 is 9, so the answer is $\\boxed{9}$. Let me double-check: $3 \\times 3 = 9$. Yes.", EQ, "text after the box")
RAW("extraction_boxed", "5", "Solving $x + 2 = 7$ gives $x = 5$.\n\n\\boxed {5}", EQ, "space between \\boxed and the brace")
RAW("extraction_boxed", r"\frac{\sqrt{3}}{2}", "The value is $\\sqrt{1 - \\frac14} = \\sqrt{\\frac{3}{4}}$.\n\n$$\\boxed{\\sqrt{\\frac{3}{4}}}$$", EQ, "deeply nested braces, sqrt(3/4) = sqrt3/2")
RAW("extraction_boxed", r"\frac{5\sqrt{2}}{2}", "The distance from the centre to the line is $\\frac{|3 + 4 - 2|}{\\sqrt{2}} = \\dfrac{5}{\\sqrt{2}}$.\n\n\\[\\boxed{\\dfrac{5}{\\sqrt{2}}}\\]", EQ, "unrationalised 5/sqrt2")
RAW("extraction_boxed", "(1,2)", "The two lines meet where $x = 1$ and $y = 2$.\n\nThe intersection point is $\\boxed{\\left(1, 2\\right)}$.", EQ, "\\left( \\right) inside the box")
RAW("extraction_boxed", "20", "The sum of the interior angles condition gives $n = 20$.\n\\begin{align*}\nn &= 20\n\\end{align*}\nSo there are $\\boxed{20}$ sides.", EQ, "box after an align block")
RAW("extraction_boxed", "-1", "Plugging in $x = 1$: $1 - 2 = -1$.\n\n$\\boxed{-1}$", EQ, "bare box at the end")
RAW("extraction_boxed", "8", "Using the formula, the remainder is 8.\n\nThe answer is \\boxed{\\textbf{8}}.", EQ, "bold inside the box")

# ---------------------------------------------------------------------------- extraction_answer_tag
RAW("extraction_answer_tag", "42", "<think>\nThe auditorium has 6 rows of 7 seats. 6 * 7 = 42.\n</think>\n<answer>42</answer>", EQ, "R1 answer tag")
RAW("extraction_answer_tag", r"\frac{3}{5}", "<think>\nThere are 3 red and 2 blue balls. P(red) = 3/5.\n</think>\n<answer>\\frac{3}{5}</answer>", EQ, "LaTeX in the answer tag")
RAW("extraction_answer_tag", "8", "<think>\nFirst guess: $\\boxed{7}$. Wait, I forgot the endpoint; counting 1..8 gives 8 numbers.\n</think>\n<answer>8</answer>", EQ, "box inside <think> is a draft; the answer tag is final")
RAW("extraction_answer_tag", "7", "<think>\nFirst guess: $\\boxed{7}$. Wait, I forgot the endpoint; counting 1..8 gives 8 numbers.\n</think>\n<answer>8</answer>", NE, "the draft box in <think> is not the final answer")
RAW("extraction_answer_tag", "5", "<think>\n2x + 3 = 13, 2x = 10, x = 5\n</think>\n<answer> $x = 5$ </answer>", EQ, "equation with $ in the tag")
RAW("extraction_answer_tag", "12", "<think>\nThe perimeter is 2(2+4) = 12.\n</think>\n<answer></answer>", UN, "empty answer tag")
RAW("extraction_answer_tag", "12", "<think>\nOkay, so the perimeter of the rectangle is 2 * (2 + 4) = 12. Let me verify with the other side...\n</think>\n\n<answer>\\boxed{12}</answer>", EQ, "box inside the answer tag")
RAW("extraction_answer_tag", "3", "<think>\nEach friend gets 9 / 3 = 3 cookies. Let me double-check the total number of cookies first:", UN, "truncated inside <think>: no final answer")
RAW("extraction_answer_tag", "3", "<think>\n9 / 3 = 3 so each friend gets 3.\n</think>\n<answer>The answer is 3.</answer>", EQ, "sentence inside the answer tag")
RAW("extraction_answer_tag", "6", "<think>\nThe remainder of 17 divided by 6... 17 = 2*6 + 5, so 5.\n</think>\n<answer>5</answer>", NE, "wrong answer in the tag")
RAW("extraction_answer_tag", "(2,-1)", "<think>\nSubtracting the equations: y = -1, then x = 2.\n</think>\n<answer>(2, -1)</answer>", EQ, "pair in the answer tag")
RAW("extraction_answer_tag", "24", "<think>\nThere are 4! = 24 orderings of the books.\n</think>\n<answer>", UN, "unterminated, empty answer tag")

# ---------------------------------------------------------------------------- extraction_gsm8k
GSM("extraction_gsm8k", "18", "Janet's ducks lay 16 eggs per day. She eats three for breakfast and bakes muffins with four.\nShe sells 16 - 3 - 4 = 9 eggs.\nShe makes 9 * $2 = $18.", "18", EQ, "#### N")
GSM("extraction_gsm8k", "1234", "617 boys + 617 girls = 1,234 students.", "1,234", EQ, "#### with thousands separator")
GSM("extraction_gsm8k", "18", "9 eggs at $2.00 each is $18.00.", "18.00", EQ, "#### with cents")
GSM("extraction_gsm8k", "-3", "The temperature went from 5 to -3 degrees.", "-3", EQ, "negative")
GSM("extraction_gsm8k", "18", "She sells 16 - 3 - 4 = 9 eggs, but one is cracked and sold at half price, so she sells 8.5 eggs' worth.\n8.5 * 2 = 17", "17", NE, "wrong final number")
GSM("extraction_gsm8k", "18", "Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer's market.", "18", EQ, "GSM8K calculator annotations")
RAW("extraction_gsm8k", "18", "Janet sells 16 - 3 - 4 = 9 eggs and makes 9 * 2 = 18 dollars.\n####", UN, "empty #### line (reasoning has 18)")
GSM("extraction_gsm8k", "18", "She makes 9 * 2 = 18 dollars.", "18 dollars", EQ, "#### with a unit word")
GSM("extraction_gsm8k", "50", "He reads 10 pages a day for 5 days: 10 * 5 = 50 pages.", "5", NE, "reported the number of days")
GSM("extraction_gsm8k", "70", "Weekly pay is 7 * 10 = 70 dollars.", "7", NE, "#### wrong although the reasoning has 70")
GSM("extraction_gsm8k", "5", "Total weight 20 kg split among 4 bags is 20 / 4 = 5 kg each.", "5", EQ, "plain")

# ---------------------------------------------------------------------------- extraction_final_answer
RAW("extraction_final_answer", "12", "There are 3 packs with 4 pens each, so 3 * 4 = 12 pens.\n\nThe final answer is 12.", EQ, "'The final answer is N.'")
RAW("extraction_final_answer", "12", "3 packs of 4 pens: 12 pens.\n\nFinal answer: 12", EQ, "'Final answer: N'")
RAW("extraction_final_answer", r"\frac{2}{3}", "Problem: find the probability.\nSolution: 4 of the 6 outcomes work, so the probability is $\\frac{4}{6} = \\frac{2}{3}$.\n\nFinal Answer: The final answer is $\\frac{2}{3}$. I hope it is correct.", EQ, "Minerva format with $..$")
RAW("extraction_final_answer", "5", "We have $x + 4 = 9$, so $x = 5$.\nFinal Answer: The final answer is $5$. I hope it is correct.", EQ, "Minerva format")
RAW("extraction_final_answer", "7", "Since 49 = 7^2, the square root is 7, so the answer is 7.", EQ, "'the answer is N.' at the end")
RAW("extraction_final_answer", "-4", "Solving $3x + 12 = 0$ gives $x = -4$. Therefore, the answer is $-4$.", EQ, "negative in $..$")
RAW("extraction_final_answer", "13", "3 packs of 4 pens give 12 pens, plus the one he already had... no, only the packs count.\n\nThe final answer is 12.", NE, "wrong final answer")
RAW("extraction_final_answer", "2", "Substituting, $4 = 2x$, hence $x = 2$.\n\n**Final answer:** $x = 2$", EQ, "markdown bold label and equation")
RAW("extraction_final_answer", "9", "The number of diagonals of a hexagon is $\\frac{6 \\cdot 3}{2} = 9$.\n\nThe final answer is: $\\boxed{9}$", EQ, "Llama format with box")
RAW("extraction_final_answer", "3", "Sam has 5 apples and gives away 2, leaving 3 apples.\n\nSo the answer is 3 apples.", EQ, "unit word after the number")
RAW("extraction_final_answer", "12", "Working through the arithmetic, 3 packs of 4 pens.\n\nFinal answer:", UN, "label with nothing after it")
RAW("extraction_final_answer", "27", "The volume is $3^3 = 27$ cubic units.\n\nThe final answer is $\\boxed{\\text{27 cubic units}}$.", EQ, "number and unit inside \\text in the box")

# ---------------------------------------------------------------------------- extraction_none
RAW("extraction_none", "42", "There are 6 rows and each row has 7 chairs. So we multiply 6 by 7, which is", UN, "truncated before any answer")
RAW("extraction_none", "42", "I'm not sure how to approach this problem. It might involve multiplication, but I can't determine the number of rows.", UN, "no answer given")
RAW("extraction_none", "42", "6 rows times 7 chairs is 42 chairs. But wait, some chairs are broken. Let me reconsider the second condition.", UN, "right number appears in reasoning, but no final answer")
RAW("extraction_none", "5", "", UN, "empty completion")
RAW("extraction_none", "15", "The sum of the first five positive integers is 1 + 2 + 3 + 4 + 5 = 15. Now for the second part of the problem we need the product, which is 1 * 2 * 3 * 4 * 5", UN, "truncated; the reasoning contains the gold but no final answer")
RAW("extraction_none", r"\frac{3}{4}", "The probability is the ratio of favourable to total outcomes, so it is $\\boxed{\\frac{3", UN, "truncated inside the box")
RAW("extraction_none", "120", "<think>\nWe need the number of arrangements of 5 distinct books. That is 5! = 120. Hmm, but are the two red books identical? Let me re-read. If they are identical we divide by 2, giving 60. The problem says distinct", UN, "R1 output truncated inside <think>")
RAW("extraction_none", "4", "Let me recompute. 2 + 2 = 4. Wait, let me recompute. 2 + 2 = 4. Wait, let me recompute. 2 + 2 = 4. Wait, let me recompute.", UN, "repetition loop without a final answer")
RAW("extraction_none", "10", "To solve this, first find the common difference $d = 3$. Then the tenth term is $a_{10} = a_1 + 9d$, and we still need $a_1$ from the second condition.", UN, "stops before reaching any answer")
RAW("extraction_none", "6", "Hello! I can help with math problems. Could you please restate the question?", UN, "no attempt")
RAW("extraction_none", "100", "The area of the square is side squared. With side 10, the area is", UN, "truncated")

# ---------------------------------------------------------------------------- hedged
B("hedged", "2", r"The equation has several candidate roots; checking them is tedious.", r"1 \text{ or } 2 \text{ or } 3", NE, "hedged list of candidates, not an answer")
B("hedged", "2", r"It is either 2 or 3 depending on rounding.", r"2 \text{ or } 3", NE, "hedged between two values")
RAW("hedged", "5", "The answer is $\\boxed{5}$ or $\\boxed{6}$, depending on whether the endpoints are included.", NE, "two boxes joined by 'or': hedged")
B("hedged", "B", r"Both options (B) and (C) seem plausible.", r"B \text{ or } C", NE, "two letters")
B("hedged", "B", r"Options B and C both satisfy the first condition.", "B, C", NE, "two letters listed")
B("hedged", "4", r"Since $x^2 = 16$, $x = \pm 4$, and the question asks for the length of the side.", r"\pm 4", NE, "gold is a single positive value; +-4 includes -4")
B("hedged", r"\text{Yes}", r"It depends on the parity of $n$.", r"\text{Yes or No}", NE, "both options")
RAW("hedged", "12", "Counting carefully, I believe the answer is either 12 or 13.", NE, "'either 12 or 13'")
B("hedged", "3", r"The possible values are 3, 4 and 5.", "3, 4, 5", NE, "list when the gold is one value")
B("hedged", "7", r"The count is somewhere between 6 and 8.", r"6 \le n \le 8", NE, "range instead of a value")
B("hedged", r"\frac{1}{2}", r"The probability is $\frac{1}{2}$ or $\frac{1}{3}$.", r"\frac{1}{2}, \frac{1}{3}", NE, "two fractions listed")

# ---------------------------------------------------------------------------- trap
B("trap", r"\frac{1}{2^{99}}", r"Each of the 99 flips must be heads, giving $\frac{1}{2^{98}}$ after accounting for the first flip.", r"\frac{1}{2^{98}}", NE, "1/2^98 != 1/2^99; float rounding calls them equal")
B("trap", "0.1", r"The measured ratio is $0.1000001$.", "0.1000001", NE, "differs at the 7th decimal")
B("trap", r"\frac{1}{3}", r"$1 \div 3 = 0.3333333$.", "0.3333333", NE, "finite decimal is not 1/3 (exact by default)")
B("trap", r"8 \text{ in}", r"The side of the square is 8 ft.", r"8 \text{ ft}", NE, "in vs ft")
B("trap", "24", r"There are $4! = 24$ ways to seat them in a row, but around a circle we divide by 4 rotations and by 2 reflections... so $\frac{24}{2}$.", "12", NE, "reasoning contains the gold 24, the boxed answer is 12")
B("trap", "24", r"There are $4! = 24$ orderings in total.", r"2\frac{4}", UN, "malformed \\frac in the box; the reasoning has 24 but must not be used")
B("trap", "24", r"The count is $4! = 24$.", "=", UN, "box holds only '='; reasoning has the gold")
B("trap", "2", r"Checking the candidates $1, 2, 3$ all seem to work.", r"1 \text{ or } 2 \text{ or } 3", NE, "hedged '1 or 2 or 3' for gold 2")
B("trap", "(1,2,3)", r"We found $x = 1$ and $y = 2$.", "(1,2)", NE, "partial tuple")
B("trap", r"\pi", r"The ratio is $3.14159265$.", "3.14159265", NE, "8-decimal approximation of pi")
B("trap", r"\sqrt{2}", r"$\sqrt{2} \approx 1.414213562$.", "1.414213562", NE, "approximation of sqrt2")
B("trap", "1000000", r"The total is $999999.9999$.", "999999.9999", NE, "relative error 1e-10")
B("trap", r"\frac{2}{3}", r"Rounding, $0.67$.", "0.67", NE, "rounded")
B("trap", "0", r"The limit evaluates to $0.0000001$.", "0.0000001", NE, "1e-7 is not 0")
B("trap", "100", r"The sum is $99.9999999$.", "99.9999999", NE, "differs by 1e-7")
B("trap", "e", r"$e \approx 2.718281828$.", "2.718281828", NE, "approximation of e")
B("trap", r"2^{-99}", r"The probability is so small it is $0$.", "0", NE, "2^-99 is not 0")
B("trap", r"\frac{10^{10}+1}{10^{10}}", r"The ratio is essentially $1$.", "1", NE, "1 + 1e-10 is not 1")
B("trap", "123456789012345678", r"The product is $123456789012345679$.", "123456789012345679", NE, "18-digit integers differing in the last digit")
B("trap", r"\sqrt{10001}", r"$\sqrt{10001} \approx 100.005$.", "100.005", NE, "approximation close to 6 decimals")
B("trap", r"\frac{\pi}{4}", r"The angle is about $0.785398$ radians.", "0.785398", NE, "6-decimal approximation of pi/4")
B("trap", "x^2+1", r"The polynomial is $x^2 + 1.0000001$.", "x^2+1.0000001", NE, "coefficient off by 1e-7")
B("trap", "8", r"We get $2^3 = 8$, which matches the required count.", "", UN, "empty box; the reasoning has the gold")
B("trap", "3", r"Therefore the answer is 3.", r"\text{}", UN, "empty \\text in the box")
B("trap", "17", r"Adding 8 and 9 gives 17.", "???", UN, "garbage in the box")
B("trap", r"\frac{1}{4}", r"One quarter of the area is shaded.", r"\frac{1}{}", UN, "empty denominator")
B("trap", "(1,2)", r"The intersection is the point $(1,2)$.", "(1,2", UN, "unbalanced parenthesis in the box")
B("trap", r"\begin{pmatrix} 1 \\ 2 \end{pmatrix}", r"The vector is $(1,2)^T$.", r"\begin{pmatrix} 1 \\ 2", UN, "unterminated matrix environment")
B("trap", "9", r"So $x$ is what remains after subtracting: $x = 9$.", "x=", UN, "equation with no right-hand side")
B("trap", "4", r"The root is 2 squared, i.e. 4.", r"\sqrt{}", UN, "empty square root")
B("trap", "6", r"$3! = 6$.", "3/", UN, "dangling operator")
B("trap", "0", r"The constant term vanishes.", "", UN, "empty box for gold 0")
B("trap", "10", r"The answer is 10 as computed above.", r"\frac{10}", UN, "\\frac with one argument")


# ---------------------------------------------------------------------------- second batch: realistic wrong answers
# (near misses by category; they keep equal vs not_equal roughly balanced)
B("integer", "100", r"Ten groups of ten make $10 \times 100 = 1000$.", "1000", NE, "factor of 10")
B("integer", "36", r"The product of the digits is $3 \times 9 = 27$... the number itself is 63.", "63", NE, "digits swapped")
B("integer", "-12", r"The minimum value is attained at the vertex, where $f = 12$.", "12", NE, "sign lost")
GSM("integer", "35", "Tom has 5 bags with 7 apples each.\n5 + 7 = <<5+7=12>>12 apples.", "12", NE, "added instead of multiplied")
B("fraction", r"\frac{5}{8}", r"The ratio of boys to students is $\frac{8}{5}$.", r"\frac{8}{5}", NE, "reciprocal")
B("fraction", r"\frac{3}{10}", r"One third of the class, roughly $0.33$.", "0.33", NE, "0.33 vs 0.3")
B("fraction", r"\frac{1}{4}", r"Half of the half is $\frac{1}{2}$.", r"\frac{1}{2}", NE, "forgot to halve twice")
B("fraction", r"\frac{1}{7}", r"$1 \div 7 = 0.142857$.", "0.142857", NE, "6-digit truncation of 1/7")
B("decimal", "0.3", r"$0.1 + 0.2 = 0.30000001$ in floating point.", "0.30000001", NE, "differs at the 8th decimal")
B("decimal", "3.14159", r"The ratio is exactly $\pi$.", r"\pi", NE, "gold is the decimal 3.14159, not pi")
B("decimal", "1.000001", r"The product is essentially $1$.", "1", NE, "differs by 1e-6")
B("decimal", r"\frac{1}{999}", r"That is about $0.001$.", "0.001", NE, "1/999 is not 1/1000")
B("big_rational", r"2^{53}+1", r"$2^{53} + 1 = 9007199254740992$.", "9007199254740992", NE, "2^53 + 1 is not representable in float64")
B("big_rational", r"\frac{2^{100}+1}{2^{100}}", r"The ratio simplifies to $1$.", "1", NE, "1 + 2^-100 is not 1")
B("big_rational", r"\frac{1}{3^{40}}", r"The probability is $\frac{1}{3^{41}}$.", r"\frac{1}{3^{41}}", NE, "tiny values differing by a factor 3")
B("big_rational", r"2^{-30}", r"That is about $10^{-9}$.", r"10^{-9}", NE, "9.31e-10 vs 1e-9")
B("big_rational", r"10^{-7}", r"The error is $10^{-8}$.", r"10^{-8}", NE, "tiny values differing by a factor 10")
B("scientific", r"3\times10^{8}", r"The value is $3 \times 10^{-8}$.", r"3\times10^{-8}", NE, "sign of the exponent")
B("scientific", r"1.2\times10^{3}", r"That is $1.2 \times 100 = 120$.", "120", NE, "factor of 10")
B("scientific", r"6.67\times10^{-11}", r"$G \approx 6.67 \times 10^{-11}$, so I'll write $6.67\times10^{-12}$.", r"6.67\times10^{-12}", NE, "tiny values differing by a factor 10")
B("repeating_decimal", r"0.\overline{3}", r"Rounding to one decimal place gives $0.3$.", "0.3", NE, "0.3 is not 0.(3)")
B("repeating_decimal", r"0.\overline{12}", r"The decimal is $0.1\overline{2}$.", r"0.1\overline{2}", NE, "12/99 vs 11/90")
B("repeating_decimal", r"\frac{1}{9}", r"$\frac{1}{9} = 0.\overline{01}$.", r"0.\overline{01}", NE, "0.(01) = 1/99")
B("mixed_number", r"3\frac{1}{2}", r"Half of three is $\frac{3}{2}$.", r"\frac{3}{2}", NE, "3/2 vs 3 1/2 = 7/2")
B("mixed_number", r"1\frac{3}{4}", r"As a decimal that is $1.34$.", "1.34", NE, "1 3/4 = 1.75")
B("radical", r"\sqrt{12}", r"$\sqrt{12} = 3\sqrt{2}$.", r"3\sqrt{2}", NE, "sqrt18 vs sqrt12")
B("radical", "3", r"The cube root of 9 is the answer: $\sqrt[3]{9}$.", r"\sqrt[3]{9}", NE, "cube root of 9 is not 3")
B("radical", r"2+\sqrt{3}", r"The larger root is $2 - \sqrt{3}$.", r"2-\sqrt{3}", NE, "conjugate")
B("radical", r"\frac{\sqrt{5}-1}{2}", r"The golden ratio is $\frac{1+\sqrt{5}}{2}$.", r"\frac{\sqrt{5}+1}{2}", NE, "phi vs 1/phi")
B("radical", r"\sqrt{3}", r"$\sqrt{3} \approx 1.732051$.", "1.732051", NE, "6-decimal approximation")
B("pi_trig_log", r"\frac{\pi}{2}", r"The area is $\pi^2$.", r"\pi^2", NE, "pi^2 vs pi/2")
B("pi_trig_log", r"\ln 2", r"The integral is $\ln 3$.", r"\ln 3", NE, "ln3 vs ln2")
B("pi_trig_log", r"\log_{10} 2", r"$\log 2 \approx 0.30103$.", "0.30103", NE, "5-decimal approximation of log10(2)")
B("pi_trig_log", r"e^{\pi}", r"Comparing, the larger is $\pi^e$.", r"\pi^{e}", NE, "e^pi = 23.14 vs pi^e = 22.46")
B("expression", "x^2-1", r"The product $(x-1)(x+1) = x^2 + 1$.", "x^2+1", NE, "sign of the constant")
B("expression", r"\frac{1}{x+1}", r"The inverse is $\frac{1}{x} + 1$.", r"\frac{1}{x}+1", NE, "1/(x+1) vs 1/x + 1")
B("expression", "2^{x}", r"The function is $x^2$.", "x^2", NE, "exponential vs power")
B("expression", r"\sqrt{x+1}", r"So $g(x) = \sqrt{x} + 1$.", r"\sqrt{x}+1", NE, "root of sum vs sum of root")
B("expression", "3n+1", r"The $n$-th term is $3(n+1)$.", "3(n+1)", NE, "3n+3 vs 3n+1")
B("polynomial", "(x+1)^3", r"Factoring, $(x+1)^2(x+2)$.", "(x+1)^2(x+2)", NE, "wrong factor")
B("polynomial", "x^2+y^2", r"Completing, $(x+y)^2$.", "(x+y)^2", NE, "missing cross term")
B("polynomial", "x^3-6x^2+11x-6", r"The polynomial with roots 1, 2 and 4 is $(x-1)(x-2)(x-4)$.", "(x-1)(x-2)(x-4)", NE, "roots 1,2,3 vs 1,2,4")
B("polynomial", "x^3-6x^2+11x-6", r"The polynomial with roots 1, 2 and 3 is $(x-1)(x-2)(x-3)$.", "(x-1)(x-2)(x-3)", EQ, "factored cubic")
B("equation", "y=x+1", r"The line is $y = x - 1$.", "y=x-1", NE, "intercept sign")
B("equation", "x+y=1", r"The line is $x - y = 1$.", "x-y=1", NE, "different line")
B("equation", "y=2x", r"The line is $x = 2y$.", "x=2y", NE, "inverse relation")
B("inequality_interval", r"[0,\infty)", r"Since $x > 0$, the range is $(0, \infty)$.", r"(0,\infty)", NE, "0 excluded vs included")
B("inequality_interval", "[3,7]", r"The interval is $[3, 7)$.", "[3,7)", NE, "right end")
B("inequality_interval", r"(-\infty,\infty)", r"The domain is all real numbers, $\mathbb{R}$.", r"\mathbb{R}", EQ, "R = (-inf, inf)")
B("interval_union", r"(-\infty,-3)\cup(3,\infty)", r"So $x \in (-3, 3)$.", "(-3,3)", NE, "complement")
B("interval_union", r"[-2,0)\cup(0,2]", r"Excluding zero, $[-2, 2]$.", "[-2,2]", NE, "zero must be excluded")
B("set", r"\{1,2\}", r"The solutions are $\{1, 2, 3\}$.", r"\{1,2,3\}", NE, "extra element")
B("set", "-1, 2", r"The roots are $1, -2$.", "1, -2", NE, "signs swapped")
B("tuple_point", "(3,4)", r"The point is $(4, 3)$.", "(4,3)", NE, "swapped")
B("tuple_point", "(1,-1)", r"The vertex is $(-1, 1)$.", "(-1,1)", NE, "signs swapped")
B("tuple_point", r"(0, \frac{1}{2})", r"The focus is at $(0, 2)$.", "(0,2)", NE, "1/2 vs 2")
B("vector_matrix", r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", r"The reflection matrix is $\begin{pmatrix} 1 & 0 \\ 0 & -1 \end{pmatrix}$.", r"\begin{pmatrix} 1 & 0 \\ 0 & -1 \end{pmatrix}", NE, "one entry's sign")
B("vector_matrix", r"\begin{pmatrix} 1 \\ 2 \\ 3 \end{pmatrix}", r"The vector is $\begin{pmatrix} 3 \\ 2 \\ 1 \end{pmatrix}$.", r"\begin{pmatrix} 3 \\ 2 \\ 1 \end{pmatrix}", NE, "reversed components")
B("yes_no", "No", r"Such a tiling exists, so yes.", r"\text{yes}", NE, "opposite")
B("multiple_choice", "A", r"The correct option is (D).", "(D)", NE, "different letter")
B("multiple_choice", "C", r"Option A gives the right count.", r"\text{(A)}", NE, "different letter")
B("multiple_choice", r"\textbf{(C)}\ \frac{1}{2}", r"The probability is $\frac{1}{3}$.", r"\frac{1}{3}", NE, "value of another choice")
B("text", r"\text{Friday}", r"Adding 5 days to Saturday gives Thursday.", r"\text{Thursday}", NE, "different day")
B("units", r"6\text{ cm}", r"The height is 6 mm.", r"6\text{ mm}", NE, "cm vs mm")
B("units", r"15\text{ minutes}", r"It takes 15 hours.", r"15 \text{ hours}", NE, "minutes vs hours")
B("units", r"4\text{ square feet}", r"The area is 4 feet.", r"4\text{ feet}", NE, "area unit vs length unit")
B("units", r"50 \text{ kg}", r"The load is 50 pounds.", r"50 \text{ lbs}", NE, "kg vs lb")
B("percent", r"50\%", r"The ratio is 5.", "5", NE, "5 is neither 50 nor 0.5")
B("percent", "0.5", r"The rate is $5\%$.", r"5\%", NE, "5% = 0.05")
B("percent", "75", r"The share is $0.075$.", "0.075", NE, "0.075 is 7.5%")
B("currency", r"\$2.50", r"Each costs \$25.", r"\$25", NE, "decimal point lost")
B("currency", "0.5", r"The price is \$50.", r"\$50", NE, "0.5 dollars vs 50 dollars")
B("degrees", r"30^\circ", r"The angle is $60^\circ$.", r"60^\circ", NE, "complement")
B("degrees", "180", r"The sum is $18^\circ$.", r"18^\circ", NE, "factor of 10")
B("thousands", "1,001", r"The count is 1,010.", "1,010", NE, "digits")
B("thousands", "12,345", r"The total is $12.345$.", "12.345", NE, "decimal point, not a thousands separator")
RAW("extraction_answer_tag", "8", "<think>\nCounting 1..8 gives $\\boxed{8}$ numbers. Hmm, but 8 is excluded, so 7.\n</think>\n<answer>7</answer>", NE, "right box in <think>, wrong final answer tag")
GSM("extraction_gsm8k", "25", "Each of the 5 boxes holds 5 balls, so 5 * 5 = 25 balls. Two boxes are empty, so 20.", "20", NE, "#### wrong although the reasoning has 25")
RAW("extraction_final_answer", "30", "The perimeter is 2(5 + 10) = 30 cm. But the question asks for the area, 5 * 10 = 50.\n\nThe final answer is 50.", NE, "reasoning has 30, final answer 50")
B("trap", "4", r"So the value is 4.", r"\frac{}{}", UN, "empty fraction")
B("trap", "12", r"The product is $3 \cdot 4 = 12$.", r"\left(", UN, "lone delimiter")
B("trap", "5", r"Solving gives 5.", r"\begin{cases} 5", UN, "unterminated environment")


def check(require_all_categories=True):
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    seen = {r["category"] for r in ROWS}
    missing = [c for c in CATEGORIES if c not in seen]
    assert not missing or not require_all_categories, "categories without pairs: %s" % missing
    for r in ROWS:
        assert r["category"] in CATEGORIES


SAMPLE_IDS = [
    "int-002", "frac-002", "frac-006", "bigq-002", "trap-002", "rep-003", "rad-001", "trig-001",
    "poly-001", "eqn-001", "ineq-001", "set-001", "tuple-002", "mc-006", "unit-001", "pct-002",
    "xtag-001", "xgsm-006", "xnone-003", "hedge-001", "trap-006", "mat-003",
]


def main():
    check()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    out_dir = os.path.join(root, "examples", "math")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "labelled.jsonl"), "w", encoding="utf-8") as f:
        for r in ROWS:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    by_id = {r["id"]: r for r in ROWS}
    with open(os.path.join(out_dir, "sample.jsonl"), "w", encoding="utf-8") as f:
        for i in SAMPLE_IDS:
            r = by_id[i]
            f.write(json.dumps({"id": r["id"], "gold": r["gold"], "completion": r["completion"]},
                               ensure_ascii=False) + "\n")
    counts = {}
    for r in ROWS:
        counts[r["expected"]] = counts.get(r["expected"], 0) + 1
    sys.stderr.write("wrote %d labelled pairs %s, %d sample lines\n" % (len(ROWS), counts, len(SAMPLE_IDS)))


if __name__ == "__main__":
    main()
